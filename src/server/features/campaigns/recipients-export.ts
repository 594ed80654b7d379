/**
 * A campaign's recipients as a file (issue 17 "Exports"; decision 0047): one row per recipient in
 * card-number order — their group (an arm or the control group), their message's channel and
 * status, why it failed in words, when it was sent, delivered and clicked, and whether they
 * converted, by the results page's own rule (results.ts, decision 0038): the same window per
 * recipient, the control group's windows paired with the sending members' as there, so the
 * file's conversions per group add up to the page's. Card numbers only: no name or phone.
 *
 * The pairing walks the sending members in card order beside the file (the j-th of C control
 * members opens where the floor(j × S / C)-th sending member does): a second keyset cursor, so a
 * batch costs the same at the millionth row as at the first and nothing grows with the campaign.
 */
import { sql, type SQL } from "drizzle-orm";
import type { ExportFormat } from "../../../contract/exports";
import { CONTROL } from "../../../domain/campaigns/assignment";
import type { Locale } from "../../../domain/locale/locale";
import type { MessageStatus } from "../../../domain/messaging/messages";
import { failureReason } from "../../../domain/messaging/failure-words";
import { civilDateText, vietnamDate } from "../../../domain/loyalty/vietnam-time";
import { queryRows, type Db } from "../../db/client";
import { EXPORT_BATCH, exportBody, exportFilename, recordExport, type ExportFile, type Sheet } from "../exports/export-stream";
import { formatMemberNo } from "../members/cards";
import { campaignSource } from "./audience";
import { conversionOf } from "./results";
import type { CampaignRow } from "./store";

const HEADERS: Record<Locale, readonly string[]> = {
  vi: ["so_the", "nhom", "kenh", "trang_thai", "ly_do_loi", "gui_luc", "nhan_luc", "bam_luc", "chuyen_doi", "chuyen_doi_luc"],
  en: ["card_no", "group", "channel", "status", "failure_reason", "sent_at", "delivered_at", "clicked_at", "converted", "converted_at"],
};

const WORDS: Record<Locale, Record<MessageStatus | "control" | "unsent" | "not_queued" | "zns" | "miniapp", string>> = {
  vi: {
    control: "Đối chứng",
    unsent: "Không gửi (nhóm đối chứng)",
    not_queued: "Không đưa vào hàng đợi",
    queued: "Chờ gửi",
    sending: "Đang gửi",
    in_doubt: "Chưa rõ đã gửi",
    sent: "Đã gửi",
    delivered: "Đã nhận",
    failed: "Lỗi",
    cancelled: "Đã huỷ",
    zns: "ZNS",
    miniapp: "Thông báo Mini App",
  },
  en: {
    control: "Control",
    unsent: "Not sent (control group)",
    not_queued: "Not queued",
    queued: "Waiting",
    sending: "Sending",
    in_doubt: "In doubt",
    sent: "Sent",
    delivered: "Delivered",
    failed: "Failed",
    cancelled: "Cancelled",
    zns: "ZNS",
    miniapp: "Mini App notification",
  },
};

type Row = {
  seq: number | string;
  member_id: string;
  arm: string;
  channel: "zns" | "miniapp" | null;
  status: MessageStatus | null;
  last_error: string | null;
  sent_at: Date | string | null;
  delivered_at: Date | string | null;
  clicked_at: Date | string | null;
  /** Where the recipient's own window opens, as PostgreSQL's text (exact); null for the control group. */
  own_opens: string | null;
  created: string;
};
type Out = Row & { converted_at: Date | string | null };

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** The campaign is the brand's (the route loaded it). */
export async function exportCampaignRecipients(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string },
  campaign: CampaignRow,
  query: { locale: Locale; format: ExportFormat },
  batch = EXPORT_BATCH,
): Promise<ExportFile> {
  const { locale, format } = query;
  const start = sql`coalesce(${campaign.startedAt}::timestamptz, ${campaign.sendAt}::timestamptz)`;
  const recipients = (arms: SQL) => sql`from members mb
    join zns_campaign_recipients r on r.member_id = mb.id and r.campaign_id = ${campaign.id} ${arms}
    left join messages m on m.brand_id = ${campaign.brandId} and m.dedupe_key = ${campaignSource(campaign.id)}::text || ':' || r.member_id::text`;
  // Recipients recorded while the file streams (a campaign still materialising) are left out: the
  // count sent first is the file's, and the pairing divides by the groups' sizes counted here.
  const [stats] = await queryRows<{ sending: number | string; control: number | string; top: number | string | null }>(
    db,
    sql`select count(*) filter (where r.arm <> ${CONTROL}) as sending, count(*) filter (where r.arm = ${CONTROL}) as control,
        max(mb.member_seq) as top ${recipients(sql``)}`,
  );
  const sending = Number(stats?.sending ?? 0);
  const control = Number(stats?.control ?? 0);
  const upTo = Number(stats?.top ?? 0);
  const rows = sending + control;
  await recordExport(db, now, actor, {
    action: "data_exported",
    subjectId: campaign.id,
    detail: { export: "campaign_recipients", rows, format, locale },
  });

  const ownOpens = sql`(coalesce(m.sent_at, m.not_before, ${start}, r.created_at))::text`;
  const page = (arms: SQL, after: number, limit: number) =>
    sql`${recipients(arms)} where mb.member_seq > ${after} and mb.member_seq <= ${upTo} order by mb.member_seq limit ${limit}`;

  // The sending members' window openings in card order, from index `base` on: the control pairing's cursor.
  let pairing: string[] = [];
  let base = 0;
  let pairedAfter = 0;
  async function sendingOpensAt(index: number): Promise<string | null> {
    while (index >= base + pairing.length) {
      const more = await queryRows<{ seq: number | string; own_opens: string }>(
        db,
        sql`select mb.member_seq as seq, ${ownOpens} as own_opens ${page(sql`and r.arm <> ${CONTROL}`, pairedAfter, batch)}`,
      );
      if (more.length === 0) return null;
      base += pairing.length;
      pairing = more.map((r) => r.own_opens);
      pairedAfter = Number(more[more.length - 1]!.seq);
    }
    return index >= base ? pairing[index - base]! : null;
  }
  let controlSeen = 0;

  const sheet: Sheet<Out, number> = {
    header: HEADERS[locale],
    read: async (after, limit) => {
      const batchRows = await queryRows<Row>(
        db,
        sql`select mb.member_seq as seq, r.member_id, r.arm, m.channel, m.status, m.last_error, m.sent_at, m.delivered_at, r.clicked_at,
            case when r.arm = ${CONTROL} then null else ${ownOpens} end as own_opens, r.created_at::text as created
          ${page(sql``, after ?? 0, limit)}`,
      );
      if (batchRows.length === 0) return [];
      const opens: string[] = [];
      for (const r of batchRows) {
        if (r.own_opens !== null) opens.push(r.own_opens);
        else {
          const j = controlSeen++;
          const paired = sending > 0 ? await sendingOpensAt(Math.floor((j * sending) / control)) : null;
          const fallback = campaign.startedAt ?? campaign.sendAt;
          opens.push(paired ?? (fallback ? fallback.toISOString() : r.created));
        }
      }
      const values = sql.join(
        batchRows.map((r, i) => sql`(${r.member_id}::uuid, ${opens[i]!}::timestamptz)`),
        sql`, `,
      );
      const converted = await queryRows<{ member_id: string; first_at: Date | string | null }>(
        db,
        sql`select v.member_id, conv.first_at from (values ${values}) as v(member_id, opens_at)
          left join lateral (${conversionOf(sql`v.member_id`, sql`v.opens_at`, campaign.conversionDays)}) conv on true`,
      );
      const firstAt = new Map(converted.map((c) => [c.member_id, c.first_at]));
      return batchRows.map((r) => ({ ...r, converted_at: firstAt.get(r.member_id) ?? null }));
    },
    key: (r) => Number(r.seq),
    cells: (r) => {
      const w = WORDS[locale];
      const inControl = r.arm === CONTROL;
      const status = inControl ? w.unsent : r.status ? w[r.status] : w.not_queued;
      const failed = r.status === "failed" || r.status === "cancelled" ? r.last_error : !inControl && !r.status ? "not_queued" : null;
      return [
        formatMemberNo(Number(r.seq)),
        inControl ? w.control : r.arm,
        r.channel ? w[r.channel] : null,
        status,
        failed ? failureReason(locale, failed) : null,
        iso(r.sent_at),
        iso(r.delivered_at),
        iso(r.clicked_at),
        r.converted_at === null ? 0 : 1,
        iso(r.converted_at),
      ];
    },
  };
  const base_ = `chien-dich_${civilDateText(vietnamDate(now))}`;
  return { rows, format, filename: exportFilename(base_, format), body: exportBody(sheet, format, { batch, sheetName: "chien-dich" }) };
}
