/** Surveys as the console manages them: versioned definitions, status, links. */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { ConsoleSurvey, ConsoleSurveyDetail, SurveyInput, SurveyLinks } from "../../../contract/surveys";
import { signSurveyToken, type MacFunction } from "../../../domain/surveys/token";
import { validateSurvey, type SurveyDefinition } from "../../../domain/surveys/survey";
import type { Db, Tx } from "../../db/client";
import {
  brands,
  ledgerEntries,
  loyaltySettings,
  messageCursors,
  stores,
  surveyAnswers,
  surveys,
  surveyVersions,
  users,
} from "../../db/schema";
import { DEFAULT_LOT_VALIDITY_MONTHS } from "../loyalty/settings";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { Issue } from "../../http/errors";

/** How long a printed in-store QR code's token binds its store. */
export const STORE_TOKEN_VALIDITY_MS = 365 * 24 * 3_600_000;

/** The survey tokens' MAC: HMAC-SHA256 under a key derived from the server secret (one secret to manage). */
export function surveyMac(serverSecret: string): MacFunction {
  const key = hmac(sha256, utf8ToBytes(serverSecret), utf8ToBytes("loyalloop survey tokens v1"));
  return (message) => hmac(sha256, key, message);
}

export type SurveyRow = typeof surveys.$inferSelect;
export type LoadedSurvey = { row: SurveyRow; def: SurveyDefinition; lotValidityMonths: number };

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const iso = (t: number | Date | null) => (t === null ? null : new Date(t).toISOString());

export function toDefinition(input: SurveyInput): SurveyDefinition {
  return {
    kind: input.kind,
    name: input.name,
    question: input.question,
    followUps: input.followUps,
    touchpoint: input.touchpoint,
    storeIds: input.storeIds,
    channel: input.channel,
    rewardPoints: input.rewardPoints,
    throttleDays: input.throttleDays,
    startsAt: ms(input.startsAt),
    endsAt: ms(input.endsAt),
  };
}

/** The columns of `surveys` copied from the current version, for look-ups that do not read JSON. */
const lookupColumns = (def: SurveyDefinition) => ({
  kind: def.kind,
  touchpoint: def.touchpoint,
  channel: def.channel,
  storeIds: def.storeIds,
  startsAt: def.startsAt === null ? null : new Date(def.startsAt),
  endsAt: def.endsAt === null ? null : new Date(def.endsAt),
});

/**
 * A survey of the brand with its current definition, or null (unknown, or another brand's).
 * With the brand's lot validity (loyalty_settings, the default without a row): the answer path
 * credits the survey's reward in the same transaction, and a join is cheaper than a second read.
 */
export async function loadSurvey(db: Db | Tx, brandId: string, surveyId: string): Promise<LoadedSurvey | null> {
  const [found] = await db
    .select({ row: surveys, def: surveyVersions.definition, lotValidityMonths: loyaltySettings.lotValidityMonths })
    .from(surveys)
    .innerJoin(surveyVersions, and(eq(surveyVersions.surveyId, surveys.id), eq(surveyVersions.version, surveys.version)))
    .leftJoin(loyaltySettings, eq(loyaltySettings.brandId, surveys.brandId))
    .where(and(eq(surveys.id, surveyId), eq(surveys.brandId, brandId)));
  return found ? { ...found, lotValidityMonths: found.lotValidityMonths ?? DEFAULT_LOT_VALIDITY_MONTHS } : null;
}

export async function versionDefinition(db: Db | Tx, surveyId: string, version: number): Promise<SurveyDefinition | null> {
  const [row] = await db
    .select({ def: surveyVersions.definition })
    .from(surveyVersions)
    .where(and(eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.version, version)));
  return row?.def ?? null;
}

function toConsole(s: Pick<LoadedSurvey, "row" | "def">, answers: number): ConsoleSurvey {
  const d = s.def;
  return {
    id: s.row.id,
    status: s.row.status,
    version: s.row.version,
    kind: d.kind,
    name: d.name,
    question: d.question,
    followUps: d.followUps,
    touchpoint: d.touchpoint,
    storeIds: d.storeIds,
    channel: d.channel,
    rewardPoints: d.rewardPoints,
    throttleDays: d.throttleDays,
    startsAt: iso(d.startsAt),
    endsAt: iso(d.endsAt),
    createdAt: s.row.createdAt.toISOString(),
    updatedAt: s.row.updatedAt.toISOString(),
    activatedAt: iso(s.row.activatedAt),
    archivedAt: iso(s.row.archivedAt),
    answers,
  };
}

async function answerCounts(db: Db | Tx, surveyIds: string[]): Promise<Map<string, number>> {
  if (!surveyIds.length) return new Map();
  const rows = await db
    .select({ surveyId: surveyAnswers.surveyId, n: sql<number>`count(*)::int` })
    .from(surveyAnswers)
    .where(and(inArray(surveyAnswers.surveyId, surveyIds), isNull(surveyAnswers.supersededAt)))
    .groupBy(surveyAnswers.surveyId);
  return new Map(rows.map((r) => [r.surveyId, Number(r.n)]));
}

export async function listSurveys(db: Db, brandId: string): Promise<ConsoleSurvey[]> {
  const rows = await db
    .select({ row: surveys, def: surveyVersions.definition })
    .from(surveys)
    .innerJoin(surveyVersions, and(eq(surveyVersions.surveyId, surveys.id), eq(surveyVersions.version, surveys.version)))
    .where(eq(surveys.brandId, brandId))
    .orderBy(desc(surveys.createdAt), desc(surveys.id));
  const counts = await answerCounts(
    db,
    rows.map((r) => r.row.id),
  );
  return rows.map((r) => toConsole(r, counts.get(r.row.id) ?? 0));
}

export async function surveyDetail(db: Db | Tx, brandId: string, surveyId: string): Promise<ConsoleSurveyDetail | null> {
  const s = await loadSurvey(db, brandId, surveyId);
  if (!s) return null;
  const versions = await db
    .select({ version: surveyVersions.version, createdAt: surveyVersions.createdAt, createdBy: users.displayName })
    .from(surveyVersions)
    .leftJoin(users, eq(users.id, surveyVersions.createdBy))
    .where(eq(surveyVersions.surveyId, surveyId))
    .orderBy(desc(surveyVersions.version));
  const counts = await answerCounts(db, [surveyId]);
  return {
    ...toConsole(s, counts.get(surveyId) ?? 0),
    versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy })),
  };
}

/** Domain problems plus the one only the database can see: a store that is not the brand's. */
async function definitionProblems(db: Db | Tx, brandId: string, def: SurveyDefinition, previousKind?: SurveyDefinition["kind"]) {
  const problems: Issue[] = validateSurvey(def, previousKind);
  if (def.storeIds?.length) {
    const known = new Set(
      (
        await db
          .select({ id: stores.id })
          .from(stores)
          .where(and(eq(stores.brandId, brandId), inArray(stores.id, def.storeIds)))
      ).map((s) => s.id),
    );
    def.storeIds.forEach((id, i) => {
      if (!known.has(id)) problems.push({ code: "store_unknown", field: `storeIds.${i}` });
    });
  }
  return problems;
}

export type SaveOutcome = Outcome<ConsoleSurveyDetail> | { ok: false; code: "survey_invalid"; message: string; issues: Issue[] };

export async function createSurvey(
  db: Db,
  now: number,
  actor: { brandId: string; userId: string },
  input: SurveyInput,
): Promise<SaveOutcome> {
  const def = toDefinition(input);
  const problems = await definitionProblems(db, actor.brandId, def);
  if (problems.length)
    return { ok: false, code: "survey_invalid", message: "The survey cannot be saved as it is.", issues: problems.slice(0, 50) };
  return inTransaction(db, async (tx) => {
    const id = randomUUID();
    const at = new Date(now);
    await tx
      .insert(surveys)
      .values({ id, brandId: actor.brandId, status: "draft", version: 1, ...lookupColumns(def), createdAt: at, updatedAt: at });
    await tx.insert(surveyVersions).values({ surveyId: id, version: 1, definition: def, createdBy: actor.userId, createdAt: at });
    return (await surveyDetail(tx, actor.brandId, id))!;
  });
}

/** A new version; the survey keeps its status (an active survey stays active with the new wording). */
export async function updateSurvey(
  db: Db,
  now: number,
  actor: { brandId: string; userId: string },
  surveyId: string,
  input: SurveyInput & { basedOnVersion: number },
): Promise<SaveOutcome> {
  const current = await loadSurvey(db, actor.brandId, surveyId);
  if (!current) return { ok: false, code: "survey_not_found", message: "No such survey." };
  if (current.row.status === "archived") return { ok: false, code: "survey_archived", message: "An archived survey cannot change." };
  const def = toDefinition(input);
  const problems = await definitionProblems(db, actor.brandId, def, current.def.kind);
  if (problems.length)
    return { ok: false, code: "survey_invalid", message: "The survey cannot be saved as it is.", issues: problems.slice(0, 50) };
  return inTransaction(db, async (tx) => {
    const next = input.basedOnVersion + 1;
    const at = new Date(now);
    // The conditional update is the optimistic lock: a save in between moved `version` on.
    const moved = await tx
      .update(surveys)
      .set({ version: next, ...lookupColumns(def), updatedAt: at })
      .where(and(eq(surveys.id, surveyId), eq(surveys.version, input.basedOnVersion), sql`${surveys.status} <> 'archived'`))
      .returning({ id: surveys.id });
    if (!moved.length) throw new Refusal("survey_version_conflict", `Version ${current.row.version} was saved after the one you edited.`);
    await tx.insert(surveyVersions).values({ surveyId, version: next, definition: def, createdBy: actor.userId, createdAt: at });
    return (await surveyDetail(tx, actor.brandId, surveyId))!;
  });
}

export async function setSurveyStatus(
  db: Db,
  now: number,
  brandId: string,
  surveyId: string,
  status: "active" | "archived",
): Promise<Outcome<ConsoleSurveyDetail>> {
  return inTransaction(db, async (tx) => {
    const s = await loadSurvey(tx, brandId, surveyId);
    if (!s) throw new Refusal("survey_not_found", "No such survey.");
    if (s.row.status === "archived") throw new Refusal("survey_archived", "An archived survey stays archived.");
    const at = new Date(now);
    if (s.row.status !== status) {
      await tx
        .update(surveys)
        .set(status === "active" ? { status, activatedAt: at, updatedAt: at } : { status, archivedAt: at, updatedAt: at })
        .where(eq(surveys.id, surveyId));
    }
    // Post-purchase asks follow the ledger from a cursor (asks.ts); activating starts it at the
    // present if it has none, so the next earn is asked and old receipts never are.
    if (status === "active" && s.def.touchpoint === "post_purchase") await startAskCursor(tx, brandId);
    return (await surveyDetail(tx, brandId, surveyId))!;
  });
}

export const askCursorName = (brandId: string) => `survey_ask:${brandId}`;

/** The brand's ask cursor at the end of its ledger, unless it has one: earns from now on are asked about. */
export async function startAskCursor(tx: Tx, brandId: string): Promise<void> {
  const [latest] = await tx
    .select({ seq: sql<number>`coalesce(max(${ledgerEntries.seq}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.brandId, brandId));
  await tx
    .insert(messageCursors)
    .values({ name: askCursorName(brandId), position: Number(latest?.seq ?? 0) })
    .onConflictDoNothing();
}

/** The Mini App's link in Zalo for a path: https://zalo.me/s/<APP_ID>/<path>. */
export async function miniAppLink(db: Db | Tx, brandId: string, path: string, fallbackBase: string): Promise<string> {
  const [brand] = await db.select({ url: brands.miniAppUrl }).from(brands).where(eq(brands.id, brandId));
  // Without a registered Mini App (dev) the link opens this server's Mini App in a browser.
  const base = (brand?.url ?? `${fallbackBase.replace(/\/+$/, "")}/`).replace(/\/*$/, "/");
  return `${base}${path}`;
}

export async function surveyLinks(
  db: Db,
  deps: { now: number; mac: MacFunction; publicUrl: string },
  brandId: string,
  surveyId: string,
  storeId: string | undefined,
): Promise<Outcome<SurveyLinks>> {
  const s = await loadSurvey(db, brandId, surveyId);
  if (!s) return { ok: false, code: "survey_not_found", message: "No such survey." };
  const deepLink = await miniAppLink(db, brandId, `survey/${surveyId}`, deps.publicUrl);
  if (!storeId) return { ok: true, value: { deepLink, store: null } };
  const [store] = await db
    .select({ id: stores.id, name: stores.name })
    .from(stores)
    .where(and(eq(stores.id, storeId), eq(stores.brandId, brandId)));
  if (!store) return { ok: false, code: "not_found", message: "No such store in this brand." };
  const expiresAt = deps.now + STORE_TOKEN_VALIDITY_MS;
  const token = signSurveyToken(
    { id: randomUUID(), brandId, memberId: null, surveyId, touchpoint: s.def.touchpoint, storeId, transactionRef: null, expiresAt },
    deps.mac,
  );
  return {
    ok: true,
    value: {
      deepLink,
      store: { storeId, storeName: store.name, url: `${deepLink}?t=${token}`, expiresAt: new Date(expiresAt).toISOString() },
    },
  };
}
