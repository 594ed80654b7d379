import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holdAfterRefusal, isHeld, promoCap, quotaGrant, quotaUsed, zaloUsedOf } from "./quota";

describe("daily quota split between care and promotions", () => {
  it("gives promotions their share of the day, rounded down", () => {
    expect(promoCap(5_000, 50)).toBe(2_500);
    expect(promoCap(3, 50)).toBe(1);
    expect(promoCap(100, 0)).toBe(0);
  });

  it("lets a whole batch go when the day has room", () => {
    expect(quotaGrant({ dailyQuota: 100, promoSharePercent: 50, used: { sent: 0, promo: 0 }, count: 10, promos: 4 })).toEqual({
      total: 10,
      promo: 4,
    });
  });

  it("holds promotions beyond their share while care messages still go", () => {
    expect(quotaGrant({ dailyQuota: 100, promoSharePercent: 50, used: { sent: 48, promo: 48 }, count: 10, promos: 5 })).toEqual({
      total: 7,
      promo: 2,
    });
  });

  it("never grants more than the day has left, promotions first within their share", () => {
    expect(quotaGrant({ dailyQuota: 100, promoSharePercent: 50, used: { sent: 97, promo: 10 }, count: 10, promos: 5 })).toEqual({
      total: 3,
      promo: 3,
    });
    expect(quotaGrant({ dailyQuota: 100, promoSharePercent: 50, used: { sent: 100, promo: 10 }, count: 10, promos: 5 })).toEqual({
      total: 0,
      promo: 0,
    });
  });
});

describe("our count and Zalo's figure", () => {
  it("reads Zalo's quota from strings or numbers and refuses what cannot be a quota", () => {
    expect(zaloUsedOf({ dailyQuota: "5000", remainingQuota: "4000" })).toEqual({ used: 1_000, dailyQuota: 5_000 });
    expect(zaloUsedOf({ dailyQuota: 2_000, remainingQuota: 0 })).toEqual({ used: 2_000, dailyQuota: 2_000 });
    for (const bad of [undefined, null, {}, { dailyQuota: "5000" }, { dailyQuota: "lots", remainingQuota: "1" }])
      expect(zaloUsedOf(bad)).toBeNull();
    expect(zaloUsedOf({ dailyQuota: "10", remainingQuota: "11" })).toBeNull();
    expect(zaloUsedOf({ dailyQuota: "-5", remainingQuota: "1" })).toBeNull();
    expect(zaloUsedOf({ dailyQuota: 1e20, remainingQuota: 1 })).toBeNull();
  });

  it("counts what we reserved since Zalo's figure on top of it, and never less than our own count", () => {
    expect(quotaUsed({ sent: 10, zaloUsed: null, sentAtZalo: null })).toBe(10);
    // Another system sent 80 from the same OA: Zalo's figure wins.
    expect(quotaUsed({ sent: 20, zaloUsed: 100, sentAtZalo: 20 })).toBe(100);
    // Five reserved since Zalo answered are not in its figure yet.
    expect(quotaUsed({ sent: 25, zaloUsed: 100, sentAtZalo: 20 })).toBe(105);
    // In-doubt reservations Zalo never accepted: our count stays (it may still be accepted).
    expect(quotaUsed({ sent: 30, zaloUsed: 27, sentAtZalo: 30 })).toBe(30);
  });

  it("property: used is at least our count and at least Zalo's figure", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (sent, zaloUsed, sentAtZalo) => {
        const used = quotaUsed({ sent, zaloUsed, sentAtZalo });
        expect(used).toBeGreaterThanOrEqual(sent);
        expect(used).toBeGreaterThanOrEqual(zaloUsed);
        expect(quotaUsed({ sent, zaloUsed, sentAtZalo: sent })).toBe(Math.max(sent, zaloUsed));
      }),
    );
  });

  it("property: a day of batches never goes past Zalo's quota once Zalo has answered, whatever else uses the OA", () => {
    // A model of one day: batches granted from our count and Zalo's figure; other systems send
    // between batches (Zalo counts them); each accepted answer reports Zalo's remaining quota;
    // a refusal holds the day.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.record({ batch: fc.integer({ min: 1, max: 20 }), others: fc.nat(15) }), { maxLength: 40 }),
        (dailyQuota, steps) => {
          let zaloCount = 0; // what Zalo accepted today, from us and others
          let sent = 0;
          let zalo: { zaloUsed: number | null; sentAtZalo: number | null } = { zaloUsed: null, sentAtZalo: null };
          let refusedAfterAnswer = 0;
          let othersSinceAnswer = 0;
          let hold: "all" | null = null;
          for (const step of steps) {
            const others = Math.min(step.others, dailyQuota - zaloCount);
            zaloCount += others;
            othersSinceAnswer += others;
            const used = quotaUsed({ sent, ...zalo });
            const { total } = quotaGrant({
              dailyQuota,
              promoSharePercent: 50,
              used: { sent: used, promo: 0 },
              count: step.batch,
              promos: 0,
              hold,
            });
            expect(used + total).toBeLessThanOrEqual(dailyQuota);
            sent += total;
            for (let i = 0; i < total; i++) {
              if (zaloCount >= dailyQuota) {
                if (zalo.zaloUsed !== null) refusedAfterAnswer++;
                sent--; // refused: released, and the day held
                hold = "all";
                continue;
              }
              zaloCount++;
              const seen = zaloUsedOf({ dailyQuota: String(dailyQuota), remainingQuota: String(dailyQuota - zaloCount) })!.used;
              zalo = { zaloUsed: Math.max(zalo.zaloUsed ?? 0, seen), sentAtZalo: sent };
              othersSinceAnswer = 0;
            }
            // Converges: right after Zalo answered, the count we grant from is Zalo's own.
            if (zalo.zaloUsed !== null && othersSinceAnswer === 0) expect(quotaUsed({ sent, ...zalo })).toBeGreaterThanOrEqual(zaloCount);
          }
          // A refusal after Zalo has told us its figure only comes from others' sends we could not see.
          expect(refusedAfterAnswer).toBeLessThanOrEqual(steps.reduce((s, x) => s + x.others, 0));
        },
      ),
    );
  });
});

describe("holds after Zalo refuses for quota", () => {
  it("a refused promotion holds promotions only; a refused care message holds everything", () => {
    expect(holdAfterRefusal(null, true)).toBe("promotion");
    expect(holdAfterRefusal(null, false)).toBe("all");
    expect(holdAfterRefusal("promotion", false)).toBe("all");
    expect(holdAfterRefusal("all", true)).toBe("all");
    expect(isHeld("promotion", true)).toBe(true);
    expect(isHeld("promotion", false)).toBe(false);
    expect(isHeld("all", false)).toBe(true);
    expect(isHeld(null, true)).toBe(false);
  });

  it("grants nothing during a whole hold, and only care messages during a promotional one", () => {
    const base = { dailyQuota: 100, promoSharePercent: 50, used: { sent: 10, promo: 5 }, count: 10, promos: 4 };
    expect(quotaGrant({ ...base, hold: "all" })).toEqual({ total: 0, promo: 0 });
    expect(quotaGrant({ ...base, hold: "promotion" })).toEqual({ total: 6, promo: 0 });
    expect(quotaGrant({ ...base, hold: null })).toEqual({ total: 10, promo: 4 });
  });
});
