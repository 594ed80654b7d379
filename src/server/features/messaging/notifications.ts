/**
 * Who allowed Mini App notifications: the member's latest answer to Zalo's
 * `requestSendNotification` prompt (zalo_permission_answers, recorded by the Mini App after the
 * member agreed to the app_notifications purpose on our own screen; preferences/consents.ts) is
 * `allowed`. The purpose itself is checked apart, with mayUse, like every other purpose: both
 * must hold, at enqueue and again at send time.
 */
import { sql } from "drizzle-orm";
import { anyUuid } from "../../db/bulk";
import { queryRows, type Db, type Tx } from "../../db/client";

/** Of these users, those whose latest requestSendNotification answer is `allowed` (one statement). */
export async function notificationsAllowed(q: Db | Tx, userIds: readonly string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await queryRows<{ user_id: string; outcome: string }>(
    q,
    sql`select distinct on (z.user_id) z.user_id, z.outcome from zalo_permission_answers z
      where ${anyUuid(sql`z.user_id`, [...new Set(userIds)])} and z.permission = 'requestSendNotification'
      order by z.user_id, z.id desc`,
  );
  return new Set(rows.filter((r) => r.outcome === "allowed").map((r) => r.user_id));
}
