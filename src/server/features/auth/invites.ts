import { randomBytes } from "node:crypto";
import type { InvitableRole } from "../../../contract/console-auth";
import type { Db } from "../../db/client";
import { consoleInvites } from "../../db/schema";
import { sha256Hex } from "./sessions";

/** An invitation is for the person it was sent to: three days to open it. */
export const INVITE_TTL_HOURS = 72;
/** The start-up setup link: long enough to deploy, open DNS and sit down at a browser. */
export const SETUP_TTL_HOURS = 24;

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, "");

/**
 * Creates an invitation and returns its link, the only time the token exists in clear: the
 * table keeps its SHA-256, like login links and refresh tokens.
 */
export async function createInvite(
  db: Db,
  opts: {
    brandId: string | null;
    role: InvitableRole;
    displayName?: string | null;
    email?: string | null;
    invitedBy?: string | null;
    publicUrl: string;
    nowMillis: number;
    ttlHours?: number;
  },
) {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(opts.nowMillis + (opts.ttlHours ?? INVITE_TTL_HOURS) * 3_600_000);
  const [row] = await db
    .insert(consoleInvites)
    .values({
      brandId: opts.brandId,
      role: opts.role,
      displayName: opts.displayName ?? null,
      email: opts.email?.toLowerCase() ?? null,
      invitedBy: opts.invitedBy ?? null,
      tokenHash: sha256Hex(token),
      expiresAt,
      createdAt: new Date(opts.nowMillis),
    })
    .returning({ id: consoleInvites.id });
  const page = opts.brandId ? "invite" : "setup";
  return { id: row!.id, token, expiresAt, url: `${base(opts.publicUrl)}/console/${page}?token=${token}` };
}

/** First run: the setup link printed at start-up (an invitation to be the first admin of a brand not yet made). */
export function createSetupLink(db: Db, publicUrl: string, nowMillis: number) {
  return createInvite(db, { brandId: null, role: "admin", publicUrl, nowMillis, ttlHours: SETUP_TTL_HOURS });
}
