/** The brand's preference form: immutable versions, the newest is current. */
import { and, desc, eq } from "drizzle-orm";
import { DEFAULT_FORM_QUESTIONS } from "../../../domain/preferences/fields";
import type { PreferenceForm } from "../../../domain/preferences/form";
import type { Db, Tx } from "../../db/client";
import { preferenceForms } from "../../db/schema";

export async function currentForm(db: Db | Tx, brandId: string): Promise<PreferenceForm> {
  const [row] = await db
    .select({ version: preferenceForms.version, questions: preferenceForms.questions })
    .from(preferenceForms)
    .where(eq(preferenceForms.brandId, brandId))
    .orderBy(desc(preferenceForms.version))
    .limit(1);
  if (row) return { version: row.version, questions: row.questions };
  // A brand that never wrote its form starts from the standard questions, as version 1; two
  // first readers at once both insert-or-ignore and read the same row.
  await db.insert(preferenceForms).values({ brandId, version: 1, questions: DEFAULT_FORM_QUESTIONS }).onConflictDoNothing();
  return currentForm(db, brandId);
}

export async function formVersion(db: Db | Tx, brandId: string, version: number): Promise<PreferenceForm | null> {
  const [row] = await db
    .select({ questions: preferenceForms.questions })
    .from(preferenceForms)
    .where(and(eq(preferenceForms.brandId, brandId), eq(preferenceForms.version, version)));
  return row ? { version, questions: row.questions } : null;
}

/** Every version, newest first, for answers given against older ones. */
export async function allForms(db: Db | Tx, brandId: string) {
  const rows = await db.select().from(preferenceForms).where(eq(preferenceForms.brandId, brandId)).orderBy(desc(preferenceForms.version));
  return rows.map((r) => ({ version: r.version, questions: r.questions, createdAt: r.createdAt, createdBy: r.createdBy }));
}
