import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { brands, loginLinks, users } from "../../db/schema";
import { sha256Hex } from "./sessions";

export const LOGIN_LINK_TTL_MINUTES = 15;

/**
 * Console sign-in without passwords: an operator with shell access to the server issues a
 * one-time link for a console user (`npm run console:link -- manager@brand.vn`). The token is
 * stored hashed, works once, and expires after 15 minutes.
 */
export async function issueLoginLink(db: Db, opts: { brandSlug: string; email: string; publicUrl: string; nowMillis: number }) {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(brands, eq(brands.id, users.brandId))
    .where(
      and(
        eq(brands.slug, opts.brandSlug),
        eq(users.email, opts.email.toLowerCase()),
        inArray(users.role, ["marketer", "manager", "admin"]),
      ),
    );
  if (!user) return null;
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(opts.nowMillis + LOGIN_LINK_TTL_MINUTES * 60_000);
  await db.insert(loginLinks).values({ userId: user.id, tokenHash: sha256Hex(token), expiresAt });
  return { token, expiresAt, url: `${opts.publicUrl.replace(/\/+$/, "")}/console/login?token=${token}` };
}
