/**
 * Test data made by the test that needs it, instead of looked up among the demo seed's rows by
 * name: a test that says "a store, a cashier bound to it, a reward costing 50" keeps working
 * when the demo brand's stores, staff or rewards change.
 *
 * Each factory inserts through the API when the API can do it (members, rewards), and into the
 * tables when only an administrator could (stores, staff bindings). Every name and id is made
 * unique, so tests in one file never meet each other's rows.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { z } from "zod";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import type { RewardInput as RewardInputSchema } from "../../src/contract/loyalty";
import type { AnswerValue } from "../../src/contract/preferences";
import { brands, staffStores, stores, users } from "../../src/server/db/schema";
import { credit, lockMember } from "../../src/server/features/loyalty/posting";
import { enrolledMember, type TestApi } from "./api";

const unique = () => randomUUID().slice(0, 8);

/** The brand the API under test serves (its configured slug). */
export async function testBrand(api: TestApi): Promise<{ id: string; slug: string }> {
  const slug = api.deps.config.brandSlug;
  const [brand] = await api.database.db.select({ id: brands.id, slug: brands.slug }).from(brands).where(eq(brands.slug, slug));
  if (!brand) throw new Error(`no brand "${slug}" in the test database`);
  return brand;
}

export type TestStore = { id: string; name: string };

/** A store of the test brand. */
export async function makeStore(api: TestApi, opts: { name?: string; address?: string } = {}): Promise<TestStore> {
  const brand = await testBrand(api);
  const name = opts.name ?? `Cửa hàng thử ${unique()}`;
  const [row] = await api.database.db
    .insert(stores)
    .values({ brandId: brand.id, name, address: opts.address ?? null })
    .returning({ id: stores.id, name: stores.name });
  return row!;
}

export type TestStaff = {
  userId: string;
  name: string;
  /** A fresh access token (sessions last 15 minutes and tests move the clock). */
  signIn(): Promise<string>;
};

/** A counter staff member bound to `storesToBind` (none: bound to no store), signed in through dev identity. */
export async function makeStaff(
  api: TestApi,
  storesToBind: TestStore | TestStore[] = [],
  opts: { name?: string } = {},
): Promise<TestStaff> {
  const brand = await testBrand(api);
  const id = `staff-${unique()}`;
  const name = opts.name ?? `Nhân viên ${id}`;
  const [user] = await api.database.db
    .insert(users)
    .values({ brandId: brand.id, role: "staff", zaloId: `dev-${id}`, displayName: name })
    .returning({ id: users.id });
  const list = Array.isArray(storesToBind) ? storesToBind : [storesToBind];
  if (list.length) await api.database.db.insert(staffStores).values(list.map((s) => ({ userId: user!.id, storeId: s.id })));
  const signIn = async () => {
    const login = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: `dev:${id}` } });
    return login.body.session.accessToken;
  };
  return { userId: user!.id, name, signIn };
}

/** A console session for `role` (dev identity's one-click console sign-in). */
export async function consoleSession(api: TestApi, role: "manager" | "marketer" | "admin" = "manager"): Promise<string> {
  const res = await api.ok(authEndpoints.consoleDevLogin, { body: { role } });
  return res.body.session.accessToken;
}

export type RewardInput = {
  name?: string;
  pointsCost?: number;
  stock?: number | null;
  eligibleTiers?: string[] | null;
  voucherValidityDays?: number;
  validFrom?: string | null;
  validUntil?: string | null;
  description?: string;
};

/** A reward, created by a manager through the console API. */
export async function makeReward(
  api: TestApi,
  input: RewardInput = {},
  managerToken?: string,
): Promise<{ id: string; name: string; pointsCost: number }> {
  const token = managerToken ?? (await consoleSession(api, "manager"));
  const body = { name: `Phần thưởng ${unique()}`, pointsCost: 50, ...input };
  const res = await api.ok(loyaltyEndpoints.createReward, { token, body: body as z.input<typeof RewardInputSchema> });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, name: body.name, pointsCost: body.pointsCost };
}

/** A new member (signed in and enrolled); `id` defaults to a unique one. */
export async function makeMember(api: TestApi, opts: { id?: string; name?: string } = {}) {
  const id = opts.id ?? `member-${unique()}`;
  const member = await enrolledMember(api, id, opts.name);
  const signIn = async () => {
    const login = await api.ok(authEndpoints.zaloLogin, { body: { accessToken: `dev:${id}` } });
    return login.body.session.accessToken;
  };
  return { ...member, zaloDevId: id, signIn };
}

/**
 * An earn written straight into the ledger, the way imported history or the demo seed writes
 * it (not through POST /staff/earn, so no idempotency key): for tests of the receipt index.
 */
export async function importedEarn(
  api: TestApi,
  e: { memberId: string; storeId: string; receiptNo: string; billVnd: number; at?: number },
) {
  const at = e.at ?? api.clock.now() - 86_400_000;
  return api.database.db.transaction(async (tx) => {
    const member = await lockMember(tx, e.memberId);
    if (!member) throw new Error(`no member ${e.memberId}`);
    const points = Math.floor(e.billVnd / 10_000);
    const entry = await credit(tx, member, points, {
      kind: "earn",
      // An import from a POS: no counter, no person.
      actorKind: "system",
      at,
      storeId: e.storeId,
      receiptNo: e.receiptNo,
      billVnd: e.billVnd,
      validityMonths: 12,
    });
    return entry.id;
  });
}

/** Answers every question of the member's preference form over HTTP but `skip` (the store question with the first store). */
export async function answerProfile(api: TestApi, token: string, skip: string[] = []) {
  const { form, stores } = (await api.ok(preferenceEndpoints.myPreferences, { token })).body;
  let last: Awaited<ReturnType<typeof api.ok<typeof preferenceEndpoints.saveAnswer>>> | undefined;
  for (const q of form.questions) {
    if (skip.includes(q.id)) continue;
    const value: AnswerValue =
      q.kind === "birthday"
        ? { kind: "birthday", day: 29, month: 2 }
        : q.kind === "single"
          ? { kind: "single", optionId: q.options![0]!.id }
          : q.kind === "multi"
            ? { kind: "multi", optionIds: [q.options![1]!.id, q.options![0]!.id] }
            : q.kind === "store"
              ? { kind: "store", storeId: stores[0]!.id }
              : { kind: "text", text: "  Ít đá  " };
    last = await api.ok(preferenceEndpoints.saveAnswer, {
      token,
      params: { questionId: q.id },
      body: { formVersion: form.version, value },
    });
    expect(last.status).toBe(200);
  }
  if (!last) throw new Error("answerProfile: no question to answer");
  return last;
}
