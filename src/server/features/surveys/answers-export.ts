/**
 * A survey's answers as a file (issue 17 "Exports"; decision 0047): the current answer of each
 * (member, transaction) — a changed answer once, as the dashboards count it — oldest first, through
 * the shared export mechanism. The member is written as the role may see them, by the members
 * export's rule (memberColumns): managers and admins the name and masked phone, other roles the
 * card number only. Reasons are written with their labels from the version the member answered.
 */
import { sql } from "drizzle-orm";
import type { ExportFormat } from "../../../contract/exports";
import type { Role } from "../../../domain/identity/roles";
import type { Locale } from "../../../domain/locale/locale";
import { civilDateText, vietnamDate } from "../../../domain/loyalty/vietnam-time";
import type { BandId } from "../../../domain/surveys/kinds";
import type { SurveyDefinition } from "../../../domain/surveys/survey";
import { queryRows, type Db } from "../../db/client";
import { exportBody, exportFilename, recordExport, type ExportFile, type Sheet } from "../exports/export-stream";
import { memberColumns } from "../members/members-export";

const HEADERS: Record<Locale, { at: string; score: string; band: string; reasons: string; comment: string; store: string }> = {
  vi: { at: "thoi_gian_tra_loi", score: "diem_so", band: "nhom", reasons: "ly_do", comment: "nhan_xet", store: "cua_hang" },
  en: { at: "answered_at", score: "score", band: "category", reasons: "reasons", comment: "comment", store: "store" },
};

/** The bands in words, as the console's survey pages say them. */
const BANDS: Record<Locale, Record<BandId, string>> = {
  vi: {
    detractor: "Không hài lòng (0–6)",
    passive: "Trung lập (7–8)",
    promoter: "Ủng hộ (9–10)",
    low: "Không hài lòng (1–2)",
    neutral: "Bình thường",
    high: "Hài lòng (4–5)",
    hard: "Khó khăn (1–3)",
    easy: "Dễ dàng (5–7)",
  },
  en: {
    detractor: "Detractor (0–6)",
    passive: "Passive (7–8)",
    promoter: "Promoter (9–10)",
    low: "Dissatisfied (1–2)",
    neutral: "Neutral",
    high: "Satisfied (4–5)",
    hard: "Hard (1–3)",
    easy: "Easy (5–7)",
  },
};

type Row = {
  id: string;
  /** answered_at as PostgreSQL's text, the keyset's key: microseconds kept, so no row is repeated or lost at a batch edge. */
  at_key: string;
  answered_at: Date | string;
  version: number;
  score: number;
  band: BandId;
  reasons: string[];
  comment: string | null;
  seq: number | string;
  name: string | null;
  phone: string | null;
  store: string | null;
};

/** null: no such survey in the brand (the route says 404 and nothing is recorded). */
export async function exportSurveyAnswers(
  db: Db,
  now: number,
  actor: { userId: string; brandId: string; role: Role },
  surveyId: string,
  query: { locale: Locale; format: ExportFormat },
  batch?: number,
): Promise<ExportFile | null> {
  const { locale, format } = query;
  const versions = await queryRows<{ version: number; definition: SurveyDefinition }>(
    db,
    sql`select v.version, v.definition from survey_versions v join surveys s on s.id = v.survey_id
      where s.id = ${surveyId} and s.brand_id = ${actor.brandId}`,
  );
  if (versions.length === 0) return null;
  // The answers as they stood when the file was asked: one given while it streams is left out,
  // and one changed meanwhile keeps its old row (superseded after asOf), so the count sent first
  // is the file's whatever members do during a long export.
  const asOf = new Date(now).toISOString();
  const where = sql`a.survey_id = ${surveyId} and a.brand_id = ${actor.brandId}
    and (a.superseded_at is null or a.superseded_at > ${asOf}::timestamptz) and a.answered_at <= ${asOf}::timestamptz`;
  const [stats] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from survey_answers a where ${where}`);
  const rows = Number(stats?.n ?? 0);
  const who = memberColumns(actor.role, locale);
  await recordExport(db, now, actor, {
    action: "data_exported",
    subjectId: surveyId,
    detail: { export: "survey_answers", rows, format, locale, personal: who.personal ? 1 : 0 },
  });
  const labels = new Map(versions.map((v) => [Number(v.version), v.definition.followUps]));
  const reasonText = (r: Row) =>
    r.reasons.map((id) => labels.get(Number(r.version))?.[r.band]?.reasons.find((x) => x.id === id)?.label[locale] ?? id).join("; ");
  const h = HEADERS[locale];
  const sheet: Sheet<Row, { at: string; id: string }> = {
    header: [h.at, ...who.header, h.score, h.band, h.reasons, h.comment, h.store],
    read: (after, limit) =>
      queryRows<Row>(
        db,
        sql`select a.id, a.answered_at::text as at_key, a.answered_at, a.survey_version as version, a.score, a.band, a.reasons,
            a.comment, mb.member_seq as seq, case when mb.erased_at is null then u.display_name end as name, u.phone, s.name as store
          from survey_answers a
          join members mb on mb.id = a.member_id
          join users u on u.id = mb.user_id
          left join stores s on s.id = a.store_id
          where ${where} ${after ? sql`and (a.answered_at, a.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
          order by a.answered_at, a.id
          limit ${limit}`,
      ),
    key: (r) => ({ at: r.at_key, id: r.id }),
    cells: (r) => [
      new Date(r.answered_at).toISOString(),
      ...who.cells({ seq: Number(r.seq), name: r.name, phone: r.phone }),
      r.score,
      BANDS[locale][r.band] ?? r.band,
      reasonText(r) || null,
      r.comment,
      r.store,
    ],
  };
  const base = `khao-sat_${civilDateText(vietnamDate(now))}`;
  return { rows, format, filename: exportFilename(base, format), body: exportBody(sheet, format, { batch, sheetName: "khao-sat" }) };
}
