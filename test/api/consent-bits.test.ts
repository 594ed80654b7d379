/**
 * members.consent_bits (migration 0058, decision 0051): the purposes each member's user grants
 * now, one bit each, which segments test on the member row. After any decisions — grants,
 * withdrawals, the same decision again, decisions before the member existed, a member moved to
 * another user, decisions on every purpose of one user in parallel transactions, an erasure at
 * the same time as decisions — the bits equal a recount of current_consents. Runs on PGlite and,
 * with TEST_DATABASE_URL, on PostgreSQL (real parallel transactions).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { CONSENT_BITS, CONSENT_PURPOSES, PURPOSES, type ConsentPurpose } from "../../src/domain/consent/purposes";
import { queryRows } from "../../src/server/db/client";
import { brands } from "../../src/server/db/schema";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { seededRandom } from "../support/prng";

describe("members' consent bits", () => {
  let api: TestApi;
  let brandId: string;

  beforeAll(async () => {
    api = await testApi();
    [{ id: brandId }] = (await api.database.db.select({ id: brands.id }).from(brands)) as [{ id: string }];
  });
  afterAll(() => api.close());

  /** Members whose bits differ from a recount, or whose consent_changed_at is before their latest current decision. */
  const drift = () =>
    queryRows<{ id: string; bits: number; expected: number }>(
      api.database.db,
      sql`select * from (select m.id, m.consent_bits as bits, coalesce((select bit_or(consent_bit(cc.purpose)) from current_consents cc
          where cc.user_id = m.user_id and cc.granted), 0) as expected, m.consent_changed_at as changed,
          (select max(cc.at) from current_consents cc where cc.user_id = m.user_id) as latest from members m) x
        where x.bits <> x.expected or x.changed is distinct from x.latest and not x.changed > x.latest`,
    );

  const bitsOf = async (userId: string) =>
    Number(
      (await queryRows<{ bits: number }>(api.database.db, sql`select consent_bits as bits from members where user_id = ${userId}`))[0]
        ?.bits,
    );
  const decide = (userId: string, purpose: ConsentPurpose, granted: boolean) =>
    api.database.db.execute(sql`insert into consents (user_id, purpose, granted, wording_version, channel)
      values (${userId}, ${purpose}, ${granted}, 'v1', 'mini_app')`);
  const newUser = async (id: string) =>
    (
      await queryRows<{ id: string }>(
        api.database.db,
        sql`insert into users (brand_id, role, zalo_id, display_name) values (${brandId}, 'member', ${id}, 'Khách') returning id`,
      )
    )[0]!.id;
  const newMember = (userId: string) =>
    queryRows<{ id: string }>(
      api.database.db,
      sql`insert into members (user_id, brand_id, qr_secret) values (${userId}, ${brandId}, md5(${userId}::text)) returning id`,
    );

  it("numbers each purpose as the database's consent_bit does: distinct bits, none missing", async () => {
    const [row] = await queryRows<{ bits: Record<string, number> }>(
      api.database.db,
      sql`select jsonb_object_agg(p, consent_bit(p)) as bits from unnest(${`{${CONSENT_PURPOSES.join(",")}}`}::text[]) p`,
    );
    expect(row!.bits).toEqual(CONSENT_BITS);
    const values = Object.values(CONSENT_BITS);
    expect(values.every((b) => b > 0 && (b & (b - 1)) === 0)).toBe(true);
    expect(new Set(values).size).toBe(CONSENT_PURPOSES.length);
  });

  it("follows grants, withdrawals and repeats; a member created later or moved to another user takes that user's grants", async () => {
    const m = await enrolledMember(api, "bits-1");
    expect(await bitsOf(m.user.id)).toBe(CONSENT_BITS.membership);
    await decide(m.user.id, "zns_promo", true);
    await decide(m.user.id, "personalisation", true);
    await decide(m.user.id, "zns_promo", true); // the same decision again
    expect(await bitsOf(m.user.id)).toBe(CONSENT_BITS.membership | CONSENT_BITS.zns_promo | CONSENT_BITS.personalisation);
    await decide(m.user.id, "zns_promo", false);
    expect(await bitsOf(m.user.id)).toBe(CONSENT_BITS.membership | CONSENT_BITS.personalisation);

    // Decisions before the member row exists, then the member.
    const early = await newUser("bits-early");
    await decide(early, "analytics", true);
    await decide(early, "zns_care", true);
    await decide(early, "analytics", false);
    await newMember(early);
    expect(await bitsOf(early)).toBe(CONSENT_BITS.zns_care);

    // A member row moved to another user (as an import's takeover does) takes that user's grants.
    const other = await newUser("bits-other");
    await decide(other, "oa_messages", true);
    const [moved] = await newMember(await newUser("bits-moved"));
    await api.database.db.execute(sql`update members set user_id = ${other} where id = ${moved!.id}`);
    expect(await bitsOf(other)).toBe(CONSENT_BITS.oa_messages);
    expect(await drift()).toEqual([]);
  });

  it("decisions on every purpose of one user in parallel transactions all land", async () => {
    const random = seededRandom(51);
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => enrolledMember(api, `bits-par-${i}`)));
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        people.flatMap((p) =>
          CONSENT_PURPOSES.filter((x) => x !== "membership").map((purpose) =>
            api.database.db.transaction((tx) =>
              tx.execute(sql`insert into consents (user_id, purpose, granted, wording_version, channel)
                values (${p.user.id}, ${purpose}, ${random() < 0.6}, 'v1', 'mini_app')`),
            ),
          ),
        ),
      );
      expect(await drift(), `round ${round}`).toEqual([]);
    }
  });

  it("an erasure while the member decides: no deadlock, no server error, nothing granted after it", async () => {
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => enrolledMember(api, `bits-erase-${i}`)));
    const statuses = await Promise.all(
      people.flatMap((p) => {
        const token = p.session.accessToken;
        const decision = (purpose: ConsentPurpose, granted: boolean) =>
          api.call("POST", preferenceEndpoints.setConsent.path, {
            token,
            body: { purpose, granted, wordingVersion: PURPOSES[purpose].version },
          });
        return [
          decision("zns_promo", true),
          api.call("POST", preferenceEndpoints.erase.path, { token, body: { confirm: true } }),
          decision("personalisation", true),
        ].map(async (r) => (await r).status);
      }),
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(await drift()).toEqual([]);
    // Every erasure went through, and a decision that waited for it was refused, not recorded
    // after the withdrawals: nothing stays granted for an erased account.
    expect(statuses.filter((_, i) => i % 3 === 1)).toEqual(people.map(() => 200));
    for (const p of people) expect(await bitsOf(p.user.id)).toBe(0);
  });
});
