/**
 * Stores (issue 16): admins create and edit them in the console, managers read them, shoppers
 * see the active ones in the Mini App. Every change is one transaction with its audit row
 * (store_changed: what changed, from and to).
 */
import { and, asc, count, eq } from "drizzle-orm";
import type { ConsoleStore, PublicStoreList, StoreInput } from "../../../contract/stores";
import { VIETNAM_UTC_OFFSET_MS } from "../../../domain/loyalty/vietnam-time";
import type { Problem } from "../../../domain/problems";
import { storeProblems, WEEKDAYS, type OpeningHours } from "../../../domain/stores/stores";
import type { Db, Tx } from "../../db/client";
import { auditEvents, staffStores, stores } from "../../db/schema";
import { Refusal, refusalsAsOutcome, type Outcome } from "../../db/transaction";

type StoreRow = typeof stores.$inferSelect;
type Actor = { userId: string; brandId: string };

/** Blank optional text is no value: a cleared field saves null, not "". */
function normalised(input: StoreInput): StoreInput {
  const blank = (v: string | null) => (v === null || v.trim() === "" ? null : v.trim());
  return {
    name: input.name.trim(),
    address: blank(input.address),
    phone: blank(input.phone),
    mapUrl: blank(input.mapUrl),
    openingHours: input.openingHours,
    active: input.active,
  };
}

function view(row: StoreRow, staffCount: number): ConsoleStore {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    phone: row.phone,
    mapUrl: row.mapUrl,
    openingHours: row.openingHours ?? null,
    active: row.active,
    staffCount,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function staffCounts(q: Db | Tx, brandId: string): Promise<Map<string, number>> {
  const rows = await q
    .select({ storeId: staffStores.storeId, n: count() })
    .from(staffStores)
    .innerJoin(stores, eq(stores.id, staffStores.storeId))
    .where(eq(stores.brandId, brandId))
    .groupBy(staffStores.storeId);
  return new Map(rows.map((r) => [r.storeId, Number(r.n)]));
}

export async function storeAdminList(db: Db, brandId: string): Promise<ConsoleStore[]> {
  const rows = await db.select().from(stores).where(eq(stores.brandId, brandId)).orderBy(asc(stores.name), asc(stores.id));
  const counts = await staffCounts(db, brandId);
  return rows.map((r) => view(r, counts.get(r.id) ?? 0));
}

export async function publicStores(db: Db, brandId: string): Promise<PublicStoreList> {
  const rows = await db
    .select()
    .from(stores)
    .where(and(eq(stores.brandId, brandId), eq(stores.active, true)))
    .orderBy(asc(stores.name), asc(stores.id));
  return {
    stores: rows.map((r) => ({
      id: r.id,
      name: r.name,
      address: r.address,
      phone: r.phone,
      mapUrl: r.mapUrl,
      openingHours: r.openingHours ?? null,
    })),
    // The brand's time zone: every brand is in Vietnam today (UTC+7 all year, no DST).
    utcOffsetMinutes: VIETNAM_UTC_OFFSET_MS / 60_000,
  };
}

export type StoreOutcome = Outcome<ConsoleStore> | { ok: false; invalid: Problem[] };

/**
 * A field as the audit row keeps it: text and flags as they are, hours as JSON in weekday order
 * (jsonb hands keys back sorted, so the stored and the typed hours are compared this way).
 */
function auditValue(value: string | boolean | OpeningHours | null): string | boolean | null {
  if (value === null || typeof value !== "object") return value;
  return JSON.stringify(WEEKDAYS.map((d) => value[d] && [value[d].open, value[d].close]));
}

const FIELDS = ["name", "address", "phone", "mapUrl", "openingHours", "active"] as const;

/** Creates (storeId null) or edits a store; invalid input changes nothing. */
export async function saveStore(db: Db, now: number, actor: Actor, storeId: string | null, raw: StoreInput): Promise<StoreOutcome> {
  const input = normalised(raw);
  const invalid = storeProblems(input);
  if (invalid.length) return { ok: false, invalid };
  const at = new Date(now);
  return refusalsAsOutcome(() =>
    db.transaction(async (tx) => {
      let row: StoreRow;
      const detail: Record<string, string | number | boolean | null> = {};
      if (storeId === null) {
        [row] = (await tx
          .insert(stores)
          .values({ brandId: actor.brandId, ...input, createdAt: at, updatedAt: at })
          .returning()) as [StoreRow];
        detail.change = "created";
        detail.name = input.name;
      } else {
        const [before] = await tx
          .select()
          .from(stores)
          .where(and(eq(stores.id, storeId), eq(stores.brandId, actor.brandId)))
          .for("update");
        if (!before) throw new Refusal("store_not_found", "No such store.");
        detail.change = "edited";
        for (const f of FIELDS) {
          const from = auditValue(before[f] ?? null);
          const to = auditValue(input[f] ?? null);
          if (from !== to) {
            detail[`${f}.from`] = from;
            detail[`${f}.to`] = to;
          }
        }
        // Saving what is already there changes and records nothing.
        if (Object.keys(detail).length === 1) return view(before, (await staffCounts(tx, actor.brandId)).get(before.id) ?? 0);
        [row] = (await tx
          .update(stores)
          .set({ ...input, updatedAt: at })
          .where(eq(stores.id, storeId))
          .returning()) as [StoreRow];
      }
      await tx
        .insert(auditEvents)
        .values({ brandId: actor.brandId, actorId: actor.userId, action: "store_changed", subjectId: row.id, at, detail });
      return view(row, (await staffCounts(tx, actor.brandId)).get(row.id) ?? 0);
    }),
  );
}
