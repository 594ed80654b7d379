import { describe, expect, it } from "vitest";
import { maskedApiKey, newApiKey, parseApiKey } from "./api-keys";
import { planRefund } from "./refunds";
import {
  REPLAY_WINDOW_SECONDS,
  signedPayload,
  timestampFresh,
  WEBHOOK_MAX_ATTEMPTS,
  webhookRetryDelay,
  webhookUrlProblem,
} from "./webhooks";

describe("API keys", () => {
  it("makes keys it can parse back, and refuses anything else", () => {
    const made = newApiKey(
      new Uint8Array(12).fill(200),
      new Uint8Array(32).map((_, i) => i * 7),
    );
    expect(made.key).toMatch(/^llk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(made.key)).toEqual({ prefix: made.prefix, secret: made.secret });
    expect(maskedApiKey(made.prefix)).toBe(`llk_${made.prefix}_…`);
    for (const bad of ["", "llk_", `llk_${made.prefix}`, `${made.key}x`, made.key.toUpperCase(), `Bearer ${made.key}`])
      expect(parseApiKey(bad)).toBeNull();
  });
});

describe("refunds in proportion", () => {
  it("takes back floor(P × refunded / bill) in all, part by part, and a full refund takes everything", () => {
    const parts = [330_000, 5_000, 665_000];
    let before = 0;
    const taken = parts.map((refundVnd) => {
      const plan = planRefund({ earnedPoints: 100, billVnd: 1_000_000, refundedBeforeVnd: before, refundVnd });
      if (!plan.ok) throw new Error("refused");
      before = plan.refundedVnd;
      return plan.points;
    });
    expect(taken).toEqual([33, 0, 67]);
    expect(planRefund({ earnedPoints: 7, billVnd: 70_000, refundedBeforeVnd: 0, refundVnd: 70_000 })).toEqual({
      ok: true,
      points: 7,
      refundedVnd: 70_000,
    });
  });
  it("never more than the bill, never for nothing; exact for the largest bills", () => {
    expect(planRefund({ earnedPoints: 10, billVnd: 100, refundedBeforeVnd: 60, refundVnd: 41 })).toEqual({
      ok: false,
      reason: "exceeds_bill",
      remainingVnd: 40,
    });
    expect(planRefund({ earnedPoints: 10, billVnd: 100, refundedBeforeVnd: 0, refundVnd: 0 })).toMatchObject({
      ok: false,
      reason: "amount_invalid",
    });
    const big = planRefund({ earnedPoints: 9_000_000, billVnd: 90_000_000_000, refundedBeforeVnd: 0, refundVnd: 90_000_000_000 - 1 });
    expect(big).toEqual({ ok: true, points: 8_999_999, refundedVnd: 89_999_999_999 });
  });
});

describe("webhooks", () => {
  it("signs the timestamp, a dot and the body; accepts timestamps inside the window only", () => {
    expect(signedPayload(1765000000, '{"a":1}')).toBe('1765000000.{"a":1}');
    const now = 1765000000_000;
    expect(timestampFresh(1765000000 - REPLAY_WINDOW_SECONDS, now)).toBe(true);
    expect(timestampFresh(1765000000 - REPLAY_WINDOW_SECONDS - 1, now)).toBe(false);
    expect(timestampFresh(1765000000 + REPLAY_WINDOW_SECONDS + 1, now)).toBe(false);
    expect(timestampFresh(1765000000.5, now)).toBe(false);
  });
  it("retries with growing delays, then gives up", () => {
    const delays = Array.from({ length: WEBHOOK_MAX_ATTEMPTS }, (_, i) => webhookRetryDelay(i + 1));
    expect(delays.at(-1)).toBeNull();
    const given = delays.slice(0, -1) as number[];
    expect(given.every((d, i) => i === 0 || d > given[i - 1]!)).toBe(true);
    expect(webhookRetryDelay(0)).toBeNull();
  });
  it("takes https URLs; plain http only in development; nothing with credentials or other schemes", () => {
    expect(webhookUrlProblem("https://crm.example.vn/hooks", false)).toBeNull();
    expect(webhookUrlProblem("http://crm.example.vn/hooks", false)).toBe("webhook_url_not_https");
    expect(webhookUrlProblem("http://127.0.0.1:9000/hooks", true)).toBeNull();
    expect(webhookUrlProblem("https://user:pw@crm.example.vn/", false)).toBe("webhook_url_invalid");
    expect(webhookUrlProblem("ftp://crm.example.vn/", true)).toBe("webhook_url_invalid");
    expect(webhookUrlProblem("not a url", true)).toBe("webhook_url_invalid");
  });
});
