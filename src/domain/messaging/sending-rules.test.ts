import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OA_DISCONNECTED } from "./message-errors";
import { classifyZns, NO_OA_TOKEN, promoFrequency, quietHoursHold, retryDelay } from "./sending-rules";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 24 Nov 2026 at hh:mm Vietnam time. */
const vn = (hh: number, mm = 0, day = 24) => Date.UTC(2026, 10, day, hh - 7, mm);

describe("quietHoursHold", () => {
  it("holds promotions at night until 08:00 Vietnam time, the same or the next morning", () => {
    expect(quietHoursHold(vn(22, 15), "promotion")).toBe(vn(8, 0, 25));
    expect(quietHoursHold(vn(6, 59), "promotion")).toBe(vn(8));
    expect(quietHoursHold(vn(21), "promotion")).toBe(vn(8, 0, 25));
    expect(quietHoursHold(vn(8), "promotion")).toBeNull();
    expect(quietHoursHold(vn(20, 59), "promotion")).toBeNull();
  });

  it("never holds care and transaction messages", () => {
    expect(quietHoursHold(vn(2), "customer_care")).toBeNull();
    expect(quietHoursHold(vn(23), "transaction")).toBeNull();
  });

  it("always releases within the next 11 hours and outside the quiet window (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: vn(0, 0, 1), max: vn(0, 0, 28) }), (at) => {
        const hold = quietHoursHold(at, "promotion");
        if (hold === null) return;
        expect(hold).toBeGreaterThan(at);
        expect(hold - at).toBeLessThanOrEqual(11 * HOUR);
        expect(quietHoursHold(hold, "promotion")).toBeNull();
      }),
    );
  });
});

describe("promoFrequency", () => {
  const base = { preference: null, important: false };
  it("allows one promotion a day and four in any 30 days", () => {
    expect(promoFrequency({ ...base, sent: [], at: vn(10) })).toEqual({ ok: true });
    expect(promoFrequency({ ...base, sent: [vn(9)], at: vn(15) })).toEqual({ ok: false, reason: "daily_cap", retryAt: vn(0, 0, 25) });
    const four = [vn(10, 0, 1), vn(10, 0, 8), vn(10, 0, 15), vn(10, 0, 22)];
    expect(promoFrequency({ ...base, sent: four, at: vn(10, 0, 24) })).toEqual({
      ok: false,
      reason: "monthly_cap",
      retryAt: vn(10, 0, 1) + 30 * DAY,
    });
    expect(promoFrequency({ ...base, sent: four, at: vn(10, 0, 1) + 30 * DAY + 1 })).toEqual({ ok: true });
  });

  it("follows the member's own answer: weekly, monthly, only important", () => {
    expect(promoFrequency({ sent: [vn(10, 0, 20)], at: vn(10, 0, 24), preference: "weekly", important: false })).toEqual({
      ok: false,
      reason: "member_preference",
      retryAt: vn(10, 0, 27),
    });
    expect(promoFrequency({ sent: [vn(10, 0, 10)], at: vn(10, 0, 24), preference: "monthly", important: false })).toMatchObject({
      ok: false,
      reason: "member_preference",
    });
    expect(promoFrequency({ sent: [], at: vn(10), preference: "important_only", important: false })).toEqual({
      ok: false,
      reason: "member_preference",
      retryAt: null,
    });
    expect(promoFrequency({ sent: [], at: vn(10), preference: "important_only", important: true })).toEqual({ ok: true });
  });

  it("never lets more than the caps through, whatever the order of attempts (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 * DAY }), { maxLength: 60 }), (offsets) => {
        const sent: number[] = [];
        for (const at of [...offsets].sort((a, b) => a - b).map((o) => vn(0, 0, 1) + o)) {
          if (promoFrequency({ sent, at, preference: null, important: false }).ok) sent.push(at);
        }
        for (const t of sent) expect(sent.filter((s) => s > t - 30 * DAY && s <= t).length).toBeLessThanOrEqual(4);
      }),
    );
  });
});

describe("retryDelay", () => {
  it("grows exponentially under a cap, with full jitter", () => {
    expect(retryDelay(0, 0.5)).toBe(7_500);
    expect(retryDelay(3, 0.5)).toBe(60_000);
    expect(retryDelay(20, 0.999)).toBeLessThan(30 * 60_000);
    expect(retryDelay(5, 0)).toBe(0);
  });
});

describe("classifyZns", () => {
  const ok = (body: unknown) => classifyZns({ kind: "response", status: 200, body });
  it("reads success, with the quota when present", () => {
    expect(
      ok({ error: 0, message: "Success", data: { msg_id: "m-1", sent_time: "1", quota: { dailyQuota: "5000", remainingQuota: "4999" } } }),
    ).toEqual({ verdict: "accepted", msgId: "m-1", quota: { used: 1, dailyQuota: 5000 } });
  });
  it.each([
    [{ error: -124, message: "Access token invalid" }, "refresh_token"],
    [{ error: -108, message: "Phone number invalid" }, "permanent"],
    [{ error: -118, message: "Zalo account not existed" }, "permanent"],
    [{ error: -1121, message: "param exceeds max length" }, "permanent"],
    [{ error: -115, message: "Out of quota" }, "quota_exhausted"],
    [{ error: -100, message: "Unknown error" }, "retry"],
    [{ nonsense: true }, "in_doubt"],
    [{ error: 0, data: {} }, "in_doubt"],
  ])("%j → %s", (body, verdict) => {
    expect(ok(body).verdict).toBe(verdict);
  });
  it("retries 5xx and unsent requests; an unanswered one is in doubt", () => {
    expect(classifyZns({ kind: "response", status: 503, body: null }).verdict).toBe("retry");
    expect(classifyZns({ kind: "not_sent", reason: "ECONNREFUSED" }).verdict).toBe("retry");
    expect(classifyZns({ kind: "no_answer", reason: "timeout" }).verdict).toBe("in_doubt");
  });
  it("nothing sent for our own token: no token is a refresh, a disconnected OA is held for a reconnection", () => {
    expect(classifyZns({ kind: "not_sent", reason: NO_OA_TOKEN })).toEqual({ verdict: "refresh_token", code: "no_oa_token" });
    expect(classifyZns({ kind: "not_sent", reason: OA_DISCONNECTED })).toEqual({ verdict: "oa_disconnected", code: "oa_disconnected" });
  });
});
