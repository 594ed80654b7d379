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
import type { Locale } from "../../../domain/locale/locale";
import { civilDateText, vietnamDate } from "../../../domain/loyalty/vietnam-time";
import { maskVnPhone } from "../../../domain/messaging/phone";
import type { Db } from "../../db/client";
import { importedProfiles, members, users } from "../../db/schema";
import { exportBody, exportFilename, recordExport, type ExportFile, type Sheet } from "../exports/export-stream";
import { formatMemberNo } from "./cards";
import { listedMembers, listedPhone } from "./console-queries";

const HEADERS: Record<Locale, { card: string; name: string; phone: string; tier: string; points: string; joined: string }> = {
  vi: { card: "so_the", name: "ho_ten", phone: "so_dien_thoai", tier: "hang", points: "diem", joined: "ngay_tham_gia" },
  en: { card: "card_no", name: "name", phone: "phone", tier: "tier", points: "points", joined: "joined_at" },
};

type Row = { seq: number; tier: string; pointsBalance: number; joinedAt: Date; displayName: string; phone: string | null };

export async function exportMembers(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string; role: Role },
  query: { q?: string; locale: Locale; format: ExportFormat },
  batch?: number,
): Promise<ExportFile> {
  const { q, locale, format } = query;
  const personal = roleAllowed(actor.role, MANAGERS);
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
    detail: { export: "members", rows, format, locale, q, personal: personal ? 1 : 0 },
  });
  const h = HEADERS[locale];
  const sheet: Sheet<Row, number> = {
    header: personal ? [h.card, h.name, h.phone, h.tier, h.points, h.joined] : [h.card, h.tier, h.points, h.joined],
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
        .leftJoin(importedProfiles, eq(importedProfiles.memberId, members.id))
        .where(and(where, gt(members.memberSeq, after ?? 0), lte(members.memberSeq, upTo)))
        .orderBy(asc(members.memberSeq))
        .limit(limit),
    key: (r) => r.seq,
    cells: (r) => {
      const joined = r.joinedAt.toISOString();
      return personal
        ? [formatMemberNo(r.seq), r.displayName, r.phone ? maskVnPhone(r.phone) : null, r.tier, r.pointsBalance, joined]
        : [formatMemberNo(r.seq), r.tier, r.pointsBalance, joined];
    },
  };
  const base = `hoi-vien_${civilDateText(vietnamDate(now))}`;
  return { rows, format, filename: exportFilename(base, format), body: exportBody(sheet, format, { batch, sheetName: "hoi-vien" }) };
}
