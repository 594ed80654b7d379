import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, vietnamDayNumber } from "../loyalty/vietnam-time";
import { answerVerdict, effectiveGlobalDays, fatigueVerdict, throttleUntil } from "./fatigue";

/** Epoch ms of a Vietnam wall-clock time (UTC+7). */
const vn = (iso: string) => Date.parse(`${iso}+07:00`);
const base = { surveyDays: 30, globalDays: 7, preference: null };

describe("fatigue policy", () => {
  it("nothing asked yet: ok", () => {
    expect(fatigueVerdict({ ...base, at: vn("2026-03-01T10:00:00"), surveyId: "a", contacts: [] })).toEqual({ ok: true });
  });

  it("same survey: blocked until 00:00 Vietnam time N calendar days later, whatever the hour of the last ask", () => {
    const contacts = [{ surveyId: "a", at: vn("2026-03-01T23:59:00") }];
    const until = vn("2026-03-31T00:00:00");
    expect(fatigueVerdict({ ...base, at: until - 1, surveyId: "a", contacts })).toEqual({ ok: false, rule: "survey", until });
    expect(fatigueVerdict({ ...base, at: until, surveyId: "a", contacts })).toEqual({ ok: true });
    // Asked at 00:00 exactly: the same day, the same answer.
    expect(throttleUntil(vn("2026-03-01T00:00:00"), 30)).toBe(until);
  });

  it("days follow Vietnam's calendar, not UTC's: 23:30 UTC is already the next day in Vietnam", () => {
    const lateUtc = Date.parse("2026-03-01T23:30:00Z"); // 06:30 on 2 March in Vietnam
    expect(throttleUntil(lateUtc, 1)).toBe(vn("2026-03-03T00:00:00"));
  });

  it("another survey: blocked by the global rule until M days later", () => {
    const contacts = [{ surveyId: "b", at: vn("2026-03-01T12:00:00") }];
    const until = vn("2026-03-08T00:00:00");
    expect(fatigueVerdict({ ...base, at: until - 1, surveyId: "a", contacts })).toEqual({ ok: false, rule: "global", until });
    expect(fatigueVerdict({ ...base, at: until, surveyId: "a", contacts })).toEqual({ ok: true });
  });

  it("both rules refuse: the survey rule is the reason", () => {
    const contacts = [{ surveyId: "a", at: vn("2026-03-01T12:00:00") }];
    expect(fatigueVerdict({ ...base, at: vn("2026-03-02T12:00:00"), surveyId: "a", contacts })).toMatchObject({
      ok: false,
      rule: "survey",
    });
  });

  it("the member's offer frequency lengthens M, never shortens it", () => {
    expect(effectiveGlobalDays(7, null)).toBe(7);
    expect(effectiveGlobalDays(7, "weekly")).toBe(7);
    expect(effectiveGlobalDays(7, "monthly")).toBe(30);
    expect(effectiveGlobalDays(7, "important_only")).toBe(30);
    expect(effectiveGlobalDays(60, "weekly")).toBe(60);
    const contacts = [{ surveyId: "b", at: vn("2026-03-01T12:00:00") }];
    expect(fatigueVerdict({ ...base, preference: "monthly", at: vn("2026-03-20T12:00:00"), surveyId: "a", contacts })).toEqual({
      ok: false,
      rule: "global",
      until: vn("2026-03-31T00:00:00"),
    });
  });

  it("a contact stamped later than now (another process's clock) still blocks", () => {
    const at = vn("2026-03-01T12:00:00");
    expect(fatigueVerdict({ ...base, at, surveyId: "a", contacts: [{ surveyId: "a", at: at + 1000 }] })).toMatchObject({ ok: false });
  });

  it("property: ok exactly when every contact's Vietnam day is far enough back", () => {
    const day = fc.integer({ min: 20_000, max: 21_000 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ surveyId: fc.constantFrom("a", "b", "c"), at: day.map((d) => d * DAY_MS) }), { maxLength: 6 }),
        fc.integer({ min: 20_000 * DAY_MS, max: 21_100 * DAY_MS }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        (contacts, at, surveyDays, globalDays) => {
          const v = fatigueVerdict({ at, surveyId: "a", contacts, surveyDays, globalDays, preference: null });
          const today = vietnamDayNumber(at);
          const blockedBySurvey = contacts.some((c) => c.surveyId === "a" && today - vietnamDayNumber(c.at) < surveyDays);
          const blockedByAny = contacts.some((c) => today - vietnamDayNumber(c.at) < globalDays);
          expect(v.ok).toBe(!blockedBySurvey && !blockedByAny);
          if (!v.ok) {
            expect(v.rule).toBe(blockedBySurvey ? "survey" : "global");
            expect(v.until).toBeGreaterThan(at);
            // The verdict's own date is the first moment it turns.
            const later = fatigueVerdict({ at: v.until, surveyId: "a", contacts, surveyDays, globalDays, preference: null });
            if (later.ok === false) expect(later.until).toBeGreaterThan(v.until);
          }
        },
      ),
    );
  });
});

describe("answers a member starts themselves", () => {
  it("one per survey per N days; other surveys do not count", () => {
    const last = vn("2026-03-01T08:00:00");
    const until = vn("2026-03-31T00:00:00");
    expect(answerVerdict({ at: until - 1, previousAnswers: [last], surveyDays: 30 })).toEqual({ ok: false, rule: "survey", until });
    expect(answerVerdict({ at: until, previousAnswers: [last], surveyDays: 30 })).toEqual({ ok: true });
    expect(answerVerdict({ at: until, previousAnswers: [], surveyDays: 30 })).toEqual({ ok: true });
  });
});
