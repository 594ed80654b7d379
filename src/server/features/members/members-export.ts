/**
 * The members export (issue 17 "Exports"; decision 0047): every member the console list's search
 * finds, in card-number order, through the shared export mechanism. What a role gets follows what
 * it is trusted with (domain/identity/roles.ts): managers and admins look after members and get
 * the name and the phone as the list shows it (masked: no console role sees a whole phone, so no
 * file holds one); a marketer works on segments and messages, not on people, and gets the card
 * number, tier, points and join date without the name or phone. Members who deleted their
 * account are left out, as in the list.
 */
import { and, asc, count, eq, gt, lte, max } from "drizzle-orm";
import type { ExportFormat } from "../../../contract/exports";
import { roleAllowed, MANAGERS, type Role } from "../../../domain/identity/roles";
import type { CsvValue } from "../../../domain/csv/csv";
import type { Locale } from "../../../domain/locale/locale";
import { civilDateText, vietnamDate } from "../../../domain/loyalty/vietnam-time";
import { maskVnPhone } from "../../../domain/messaging/phone";
import type { Db } from "../../db/client";
import { importedProfiles, members, users } from "../../db/schema";
import { exportBody, exportFilename, recordExport, type ExportFile, type Sheet } from "../exports/export-stream";
import { formatMemberNo } from "./cards";
import { listedMembers, listedPhone, waitingProfileOf } from "./console-queries";

const HEADERS: Record<Locale, { card: string; name: string; phone: string; tier: string; points: string; joined: string }> = {
  vi: { card: "so_the", name: "ho_ten", phone: "so_dien_thoai", tier: "hang", points: "diem", joined: "ngay_tham_gia" },
  en: { card: "card_no", name: "name", phone: "phone", tier: "tier", points: "points", joined: "joined_at" },
};

/**
 * The member as a role may see them in any export that names members (members, survey answers):
 * managers and admins the card number, name and masked phone; other roles the card number only.
 */
export function memberColumns(role: Role, locale: Locale) {
  const personal = roleAllowed(role, MANAGERS);
  const h = HEADERS[locale];
  return {
    personal,
    header: personal ? [h.card, h.name, h.phone] : [h.card],
    /** A member whose account is deleted keeps the card number; null `name` leaves name and phone empty. */
    cells: (m: { seq: number; name: string | null; phone: string | null }): CsvValue[] =>
      personal ? [formatMemberNo(m.seq), m.name, m.name !== null && m.phone ? maskVnPhone(m.phone) : null] : [formatMemberNo(m.seq)],
  };
}

type Row = { seq: number; tier: string; pointsBalance: number; joinedAt: Date; displayName: string; phone: string | null };

export async function exportMembers(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string; role: Role },
  query: { q?: string; locale: Locale; format: ExportFormat },
  batch?: number,
): Promise<ExportFile> {
  const { q, locale, format } = query;
  const who = memberColumns(actor.role, locale);
  // Members who join while the file streams are left out, so the count sent first is the file's.
  const where = await listedMembers(db, actor.brandId, q);
  const [stats] = await db
    .select({ n: count(), top: max(members.memberSeq) })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(where);
  const rows = Number(stats?.n ?? 0);
  const upTo = Number(stats?.top ?? 0);
  await recordExport(db, now, actor, {
    action: "data_exported",
    subjectId: actor.brandId,
    detail: { export: "members", rows, format, locale, q, personal: who.personal ? 1 : 0 },
  });
  const h = HEADERS[locale];
  const sheet: Sheet<Row, number> = {
    header: [...who.header, h.tier, h.points, h.joined],
    read: (after, limit) =>
      db
        .select({
          seq: members.memberSeq,
          tier: members.tier,
          pointsBalance: members.pointsBalance,
          joinedAt: members.joinedAt,
          displayName: users.displayName,
          phone: listedPhone,
        })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .leftJoin(importedProfiles, waitingProfileOf)
        .where(and(where, gt(members.memberSeq, after ?? 0), lte(members.memberSeq, upTo)))
        .orderBy(asc(members.memberSeq))
        .limit(limit),
    key: (r) => r.seq,
    cells: (r) => [...who.cells({ seq: r.seq, name: r.displayName, phone: r.phone }), r.tier, r.pointsBalance, r.joinedAt.toISOString()],
  };
  const base = `hoi-vien_${civilDateText(vietnamDate(now))}`;
  return { rows, format, filename: exportFilename(base, format), body: exportBody(sheet, format, { batch, sheetName: "hoi-vien" }) };
}
