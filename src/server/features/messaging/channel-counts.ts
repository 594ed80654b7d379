/** A set of messages (a campaign's, a trigger's) counted per channel, for their results. */
import { sql, type SQL } from "drizzle-orm";
import type { ChannelCounts } from "../../../contract/messaging";
import { MESSAGE_CHANNELS } from "../../../domain/messaging/messages";
import { queryRows, type Db } from "../../db/client";

/**
 * `where` is over `messages m`. `stoppedFail`: a message the send-time checks stopped with a reason
 * (cancelled with last_error) counts as failed, as campaign results count it; triggers count only
 * `failed`. Channels the messages did not use are left out; in MESSAGE_CHANNELS order.
 */
export async function channelCounts(db: Db, where: SQL, stoppedFail: boolean): Promise<ChannelCounts> {
  const failed = stoppedFail ? sql`m.status = 'failed' or (m.status = 'cancelled' and m.last_error is not null)` : sql`m.status = 'failed'`;
  const rows = await queryRows<{
    channel: ChannelCounts[number]["channel"];
    sent: number | string;
    delivered: number | string;
    failed: number | string;
  }>(
    db,
    sql`select m.channel, (count(*) filter (where m.status in ('sent', 'delivered')))::int as sent,
        (count(*) filter (where m.status = 'delivered'))::int as delivered, (count(*) filter (where ${failed}))::int as failed
      from messages m where ${where} group by m.channel`,
  );
  return MESSAGE_CHANNELS.flatMap((channel) => {
    const r = rows.find((x) => x.channel === channel);
    return r ? [{ channel, sent: Number(r.sent), delivered: Number(r.delivered), failed: Number(r.failed) }] : [];
  });
}
