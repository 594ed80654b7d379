/**
 * A POS's API key (docs/decisions/0043): `Authorization: Bearer llk_<prefix>_<secret>`. The
 * prefix finds the key's row; the SHA-256 of the secret is compared in constant time. A revoked
 * key says so (key_revoked) only once its secret matched, so guessing learns nothing. Every
 * request reads the row: a revocation takes effect on the next request, in every process.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { parseApiKey } from "../../domain/integrations/api-keys";
import { queryRows } from "../db/client";
import type { AppEnv, PosKey } from "./context";

export type { PosKey };
import { fail } from "./errors";

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** last_used_at is written at most this often per key: a busy till would otherwise update the row per request. */
const LAST_USED_EVERY_MS = 60_000;

type KeyRow = {
  id: string;
  name: string;
  brand_id: string;
  store_id: string;
  secret_hash: string;
  revoked: boolean;
  last_used_at: string | Date | null;
};

export function requireApiKey(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const match = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "");
    const invalid = () => fail(c, "key_invalid", "Send a store's API key: Authorization: Bearer llk_….");
    const parsed = match ? parseApiKey(match[1]!) : null;
    if (!parsed) return invalid();
    const { database, now } = c.get("deps");
    const [row] = await queryRows<KeyRow>(
      database.db,
      sql`select id, name, brand_id, store_id, secret_hash, revoked_at is not null as revoked, last_used_at
          from api_keys where prefix = ${parsed.prefix}`,
    );
    const given = Buffer.from(hashSecret(parsed.secret), "hex");
    // Compared even when no row matched (against a hash of nothing), so timing says nothing about prefixes.
    const stored = Buffer.from(row?.secret_hash ?? hashSecret(""), "hex");
    const same = stored.length === given.length && timingSafeEqual(stored, given);
    if (!row || !same) return invalid();
    if (row.revoked) return fail(c, "key_revoked", "This API key was revoked; ask an admin for a new one.");
    const at = now();
    if (!row.last_used_at || new Date(row.last_used_at).getTime() < at - LAST_USED_EVERY_MS) {
      await database.db.execute(
        sql`update api_keys set last_used_at = ${new Date(at)} where id = ${row.id} and (last_used_at is null or last_used_at < ${new Date(at - LAST_USED_EVERY_MS)})`,
      );
    }
    c.set("posKey", { id: row.id, prefix: parsed.prefix, name: row.name, brandId: row.brand_id, storeId: row.store_id });
    return next();
  };
}
