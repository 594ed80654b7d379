/**
 * Saved segments: named, versioned like surveys (every save is a new immutable row of
 * segment_versions; `segments.version` points at the current one and is the optimistic lock),
 * archived rather than deleted, so a campaign's recorded version always stays readable.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Segment, SegmentDetail, SegmentInput, SegmentVersion } from "../../../contract/segments";
import type { Rule } from "../../../domain/segments/rule";
import type { Db, Tx } from "../../db/client";
import { segments, segmentVersions } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import type { Issue } from "../../http/errors";
import { ruleIssues } from "./queries";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export type SaveOutcome = Outcome<SegmentDetail> | { ok: false; code: "segment_invalid"; message: string; issues: Issue[] };

const segmentColumns = {
  id: segments.id,
  name: segments.name,
  status: segments.status,
  version: segments.version,
  createdAt: segments.createdAt,
  updatedAt: segments.updatedAt,
  archivedAt: segments.archivedAt,
  rule: segmentVersions.rule,
};
type SegmentRow = Omit<typeof segments.$inferSelect, "brandId"> & { rule: Rule };

const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  name: r.name,
  status: r.status,
  version: r.version,
  rule: r.rule,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  archivedAt: iso(r.archivedAt),
});

/** Segments with their current version's rule. */
const withCurrentRule = (db: Db | Tx) =>
  db
    .select(segmentColumns)
    .from(segments)
    .innerJoin(segmentVersions, and(eq(segmentVersions.segmentId, segments.id), eq(segmentVersions.version, segments.version)));

export async function listSegments(db: Db, brandId: string, archived: boolean): Promise<Segment[]> {
  const rows = await withCurrentRule(db)
    .where(and(eq(segments.brandId, brandId), archived ? undefined : eq(segments.status, "active")))
    .orderBy(desc(segments.updatedAt), asc(segments.id))
    .limit(500);
  return rows.map(toSegment);
}

export async function segmentDetail(db: Db | Tx, brandId: string, segmentId: string): Promise<SegmentDetail | null> {
  const [row] = await withCurrentRule(db).where(and(eq(segments.id, segmentId), eq(segments.brandId, brandId)));
  if (!row) return null;
  const versions = await db
    .select({
      version: segmentVersions.version,
      name: segmentVersions.name,
      createdAt: segmentVersions.createdAt,
      createdBy: segmentVersions.createdBy,
    })
    .from(segmentVersions)
    .where(eq(segmentVersions.segmentId, segmentId))
    .orderBy(desc(segmentVersions.version));
  return { ...toSegment(row), versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })) };
}

/** One version as it was saved (what a campaign sent to that version targeted). */
export async function segmentVersion(db: Db, brandId: string, segmentId: string, version: number): Promise<SegmentVersion | null> {
  const [row] = await db
    .select({
      segmentId: segmentVersions.segmentId,
      version: segmentVersions.version,
      name: segmentVersions.name,
      rule: segmentVersions.rule,
      createdAt: segmentVersions.createdAt,
      createdBy: segmentVersions.createdBy,
    })
    .from(segmentVersions)
    .innerJoin(segments, eq(segments.id, segmentVersions.segmentId))
    .where(and(eq(segmentVersions.segmentId, segmentId), eq(segmentVersions.version, version), eq(segments.brandId, brandId)));
  return row ? { ...row, createdAt: row.createdAt.toISOString() } : null;
}

async function refusedRule(db: Db, brandId: string, rule: Rule): Promise<SaveOutcome | null> {
  const issues = await ruleIssues(db, brandId, rule);
  return issues.length ? { ok: false, code: "segment_invalid", message: "The segment's rule has problems.", issues } : null;
}

export async function createSegment(
  db: Db,
  now: number,
  actor: { brandId: string; userId: string },
  input: SegmentInput,
): Promise<SaveOutcome> {
  const refused = await refusedRule(db, actor.brandId, input.rule);
  if (refused) return refused;
  return inTransaction(db, async (tx) => {
    const id = randomUUID();
    const at = new Date(now);
    await tx.insert(segments).values({ id, brandId: actor.brandId, name: input.name, version: 1, createdAt: at, updatedAt: at });
    await tx
      .insert(segmentVersions)
      .values({ segmentId: id, version: 1, name: input.name, rule: input.rule, createdBy: actor.userId, createdAt: at });
    return (await segmentDetail(tx, actor.brandId, id))!;
  });
}

export async function updateSegment(
  db: Db,
  now: number,
  actor: { brandId: string; userId: string },
  segmentId: string,
  input: SegmentInput & { basedOnVersion: number },
): Promise<SaveOutcome> {
  const current = await segmentDetail(db, actor.brandId, segmentId);
  if (!current) return { ok: false, code: "segment_not_found", message: "No such segment." };
  if (current.status === "archived") return { ok: false, code: "segment_archived", message: "An archived segment cannot change." };
  const refused = await refusedRule(db, actor.brandId, input.rule);
  if (refused) return refused;
  return inTransaction(db, async (tx) => {
    const next = input.basedOnVersion + 1;
    const at = new Date(now);
    // The conditional update is the optimistic lock: a save in between moved `version` on.
    const moved = await tx
      .update(segments)
      .set({ version: next, name: input.name, updatedAt: at })
      .where(and(eq(segments.id, segmentId), eq(segments.version, input.basedOnVersion), sql`${segments.status} <> 'archived'`))
      .returning({ id: segments.id });
    if (!moved.length)
      throw new Refusal("segment_version_conflict", `Another version was saved after version ${input.basedOnVersion}.`, {
        version: current.version,
      });
    await tx
      .insert(segmentVersions)
      .values({ segmentId, version: next, name: input.name, rule: input.rule, createdBy: actor.userId, createdAt: at });
    return (await segmentDetail(tx, actor.brandId, segmentId))!;
  });
}

export async function archiveSegment(db: Db, now: number, brandId: string, segmentId: string): Promise<Outcome<SegmentDetail>> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .select({ status: segments.status })
      .from(segments)
      .where(and(eq(segments.id, segmentId), eq(segments.brandId, brandId)))
      .for("update");
    if (!row) throw new Refusal("segment_not_found", "No such segment.");
    if (row.status === "archived") throw new Refusal("segment_archived", "The segment is already archived.");
    const at = new Date(now);
    await tx.update(segments).set({ status: "archived", archivedAt: at, updatedAt: at }).where(eq(segments.id, segmentId));
    return (await segmentDetail(tx, brandId, segmentId))!;
  });
}
