import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  inviteVerdict,
  isSelfReferral,
  joinVerdict,
  nextReferralState,
  planClawback,
  planReward,
  purchaseUndone,
  REFERRAL_CODE_LENGTH,
  REFERRAL_STATES,
  signReferralCode,
  usesCapSlot,
  validateReferralConfig,
  verifyReferralCode,
  vietnamMonthKey,
  type ReferralConfig,
} from "./referral";

const mac = (m: Uint8Array) => hmac(sha256, new TextEncoder().encode("test key"), m);
const otherMac = (m: Uint8Array) => hmac(sha256, new TextEncoder().encode("other key"), m);
const BRAND = "22222222-2222-4222-8222-222222222222";
const MEMBER = "3f2b9c1a-7d4e-4a5b-9c8d-0e1f2a3b4c5d";

describe("referral code", () => {
  it("is 34 URL-safe characters and gives back the member", () => {
    const code = signReferralCode(BRAND, MEMBER, mac);
    expect(code).toHaveLength(REFERRAL_CODE_LENGTH);
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{11}$/);
    expect(verifyReferralCode(code, BRAND, mac)).toBe(MEMBER);
  });

  it("refuses another key, another brand, a changed character, junk", () => {
    const code = signReferralCode(BRAND, MEMBER, mac);
    expect(verifyReferralCode(code, BRAND, otherMac)).toBeNull();
    expect(verifyReferralCode(code, "22222222-2222-4222-8222-222222222223", mac)).toBeNull();
    for (let i = 0; i < code.length; i++) {
      if (code[i] === ".") continue;
      const changed = code.slice(0, i) + (code[i] === "A" ? "B" : "A") + code.slice(i + 1);
      expect(verifyReferralCode(changed, BRAND, mac)).toBeNull();
    }
    for (const junk of ["", ".", "a".repeat(34), `${code}x`, code.slice(1), null, 42, "\u0000".repeat(34), "\ud800".repeat(34)])
      expect(verifyReferralCode(junk, BRAND, mac)).toBeNull();
  });

  it("property: every member id round-trips", () => {
    fc.assert(fc.property(fc.uuid(), (id) => verifyReferralCode(signReferralCode(BRAND, id, mac), BRAND, mac) === id));
  });
});

describe("referral rules", () => {
  const referrer = { userId: "u1", zaloId: "z1", phone: "84901234567" };
  const invitedAt = Date.parse("2026-03-10T10:00:00Z");

  it("self-referral: same user, same Zalo id, same phone", () => {
    expect(isSelfReferral(referrer, { ...referrer })).toBe(true);
    expect(isSelfReferral(referrer, { userId: "u2", zaloId: "z1", phone: null })).toBe(true);
    expect(isSelfReferral(referrer, { userId: "u2", zaloId: "z2", phone: "84901234567" })).toBe(true);
    expect(isSelfReferral(referrer, { userId: "u2", zaloId: "z2", phone: "84901234568" })).toBe(false);
    // Unknown phones or Zalo ids never match each other.
    expect(isSelfReferral({ userId: "u1", zaloId: null, phone: null }, { userId: "u2", zaloId: null, phone: null })).toBe(false);
  });

  it("invite: refuses self and an existing member", () => {
    const friend = { userId: "u2", zaloId: "z2", phone: null };
    expect(inviteVerdict(referrer, { ...friend, joinedAt: null })).toBeNull();
    expect(inviteVerdict(referrer, { ...friend, joinedAt: invitedAt - 1 })).toBe("referral_already_member");
    expect(inviteVerdict(referrer, { ...friend, zaloId: "z1", joinedAt: null })).toBe("referral_self");
  });

  it("join: a membership from before the invite is refused; at the very instant it is taken", () => {
    const friend = { userId: "u2", zaloId: "z2", phone: null };
    expect(joinVerdict(referrer, { ...friend, joinedAt: invitedAt }, invitedAt)).toBeNull();
    expect(joinVerdict(referrer, { ...friend, joinedAt: invitedAt - 1 }, invitedAt)).toBe("referral_already_member");
    // The phone shared after the invite shows it was the referrer all along.
    expect(joinVerdict(referrer, { ...friend, phone: "84901234567", joinedAt: invitedAt + 5 }, invitedAt)).toBe("referral_self");
  });

  it("state machine: invited → joined → purchased → rewarded, once; rejected until rewarded", () => {
    expect(nextReferralState("invited", "join")).toBe("joined");
    expect(nextReferralState("joined", "purchase")).toBe("purchased");
    expect(nextReferralState("purchased", "reward")).toBe("rewarded");
    expect(nextReferralState("rewarded", "reward")).toBeNull();
    expect(nextReferralState("joined", "join")).toBeNull();
    expect(nextReferralState("invited", "purchase")).toBeNull();
    expect(nextReferralState("invited", "reward")).toBeNull();
    for (const s of REFERRAL_STATES)
      expect(nextReferralState(s, "reject")).toBe(s === "rewarded" || s === "rejected" || s === "reversed" ? null : "rejected");
    // Only a completed referral is reversed, once; reversed is final.
    for (const s of REFERRAL_STATES)
      expect(nextReferralState(s, "reverse")).toBe(s === "purchased" || s === "rewarded" ? "reversed" : null);
    for (const e of ["join", "purchase", "reward"] as const) expect(nextReferralState("reversed", e)).toBeNull();
  });

  it("clawback: only a purchase undone whole; takes what each can spend, records the rest as shortfall", () => {
    expect(purchaseUndone({ managerReversed: true, billVnd: 200_000, refundedVnd: 0 })).toBe(true);
    expect(purchaseUndone({ managerReversed: false, billVnd: 200_000, refundedVnd: 199_999 })).toBe(false);
    expect(purchaseUndone({ managerReversed: false, billVnd: 200_000, refundedVnd: 200_000 })).toBe(true);
    expect(purchaseUndone({ managerReversed: false, billVnd: 0, refundedVnd: 0 })).toBe(false);

    expect(planClawback({ friend: 50, referrer: 100 }, { friend: 500, referrer: 100 })).toEqual({
      friend: { take: 50, shortfall: 0 },
      referrer: { take: 100, shortfall: 0 },
    });
    expect(planClawback({ friend: 50, referrer: 100 }, { friend: 10, referrer: 0 })).toEqual({
      friend: { take: 10, shortfall: 40 },
      referrer: { take: 0, shortfall: 100 },
    });
    // A capped referrer was paid nothing: nothing to take.
    expect(planClawback({ friend: 50, referrer: 0 }, { friend: 50, referrer: 70 }).referrer).toEqual({ take: 0, shortfall: 0 });
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (owed, has) => {
        const { friend } = planClawback({ friend: owed, referrer: 0 }, { friend: has, referrer: 0 });
        return friend.take >= 0 && friend.take <= has && friend.take + friend.shortfall === owed;
      }),
    );
  });

  it("the cap slot: given back by a reversal taken back whole, kept when the referrer had spent the points", () => {
    expect(usesCapSlot({ state: "rewarded", referrerCapped: false, referrerShortfall: 0 })).toBe(true);
    expect(usesCapSlot({ state: "rewarded", referrerCapped: true, referrerShortfall: 0 })).toBe(false);
    expect(usesCapSlot({ state: "reversed", referrerCapped: false, referrerShortfall: 0 })).toBe(false);
    expect(usesCapSlot({ state: "reversed", referrerCapped: false, referrerShortfall: 30 })).toBe(true);
    expect(usesCapSlot({ state: "purchased", referrerCapped: false, referrerShortfall: 0 })).toBe(false);
  });

  it("the cap: N paid this month → the referrer gets nothing, the friend still does", () => {
    const config: ReferralConfig = { enabled: true, referrerPoints: 100, friendPoints: 50, monthlyCap: 3 };
    expect(planReward(config, 0)).toEqual({ referrerPoints: 100, friendPoints: 50, referrerCapped: false });
    expect(planReward(config, 2)).toEqual({ referrerPoints: 100, friendPoints: 50, referrerCapped: false });
    expect(planReward(config, 3)).toEqual({ referrerPoints: 0, friendPoints: 50, referrerCapped: true });
    expect(planReward(config, 4)).toMatchObject({ referrerCapped: true });
  });

  it("the cap's month is Vietnam's: 31 Mar 23:59:59.999 and 1 Apr 00:00 (UTC+7) are two months", () => {
    expect(vietnamMonthKey(Date.parse("2026-03-31T23:59:59.999+07:00"))).toBe("2026-03");
    expect(vietnamMonthKey(Date.parse("2026-04-01T00:00:00.000+07:00"))).toBe("2026-04");
    expect(vietnamMonthKey(Date.parse("2026-03-31T17:00:00.000Z"))).toBe("2026-04");
    expect(vietnamMonthKey(Date.parse("2026-12-31T17:00:00.000Z"))).toBe("2027-01");
  });

  it("configuration: points 0..100000, cap 1..1000", () => {
    expect(validateReferralConfig({ enabled: true, referrerPoints: 0, friendPoints: 100_000, monthlyCap: 1 })).toEqual([]);
    expect(validateReferralConfig({ enabled: true, referrerPoints: -1, friendPoints: 100_001, monthlyCap: 0 })).toEqual([
      { code: "referral_points_invalid", field: "referrerPoints", params: { min: 0, max: 100_000 } },
      { code: "referral_points_invalid", field: "friendPoints", params: { min: 0, max: 100_000 } },
      { code: "referral_cap_invalid", field: "monthlyCap", params: { min: 1, max: 1000 } },
    ]);
  });
});
