import { describe, expect, it } from "vitest";
import { MeResponse, Session } from "../../contract/auth";
import { MemberCard } from "../../contract/members";
import { card, me, session } from "../test-utils/fixtures";
import { isCardSnapshot, isMeResponse, isSession } from "./cache-guards";

/**
 * The shape checks paint the cached card before zod has arrived; the contract's schemas have
 * the last word once it has. They must accept whatever the contract accepts, and refuse what
 * would break the screen (a missing or mistyped field, an unknown tier or role).
 */
describe("cache shape checks", () => {
  it("accept what the contract accepts", () => {
    const cached = { card: card(), clockOffsetMs: -1500 };
    expect(MemberCard.safeParse(cached.card).success).toBe(true);
    expect(isCardSnapshot(cached)).toBe(true);
    expect(MeResponse.safeParse(me()).success).toBe(true);
    expect(isMeResponse(me())).toBe(true);
    expect(isMeResponse(me({ role: "staff", isMember: false }))).toBe(true);
    expect(Session.safeParse(session()).success).toBe(true);
    expect(isSession(session())).toBe(true);
  });

  it("refuse a value that lacks a field, has the wrong type or an unknown tier or role", () => {
    const good = card();
    const snapshot = (c: unknown) => ({ card: c, clockOffsetMs: 0 });
    const { pointsBalance: _dropped, ...withoutBalance } = good;
    expect(isCardSnapshot(snapshot(withoutBalance))).toBe(false);
    expect(isCardSnapshot(snapshot({ ...good, pointsBalance: "100" }))).toBe(false);
    expect(isCardSnapshot(snapshot({ ...good, pointsBalance: 1.5 }))).toBe(false);
    expect(isCardSnapshot(snapshot({ ...good, tier: "platinum" }))).toBe(false);
    expect(isCardSnapshot({ card: good })).toBe(false);
    expect(isCardSnapshot(null)).toBe(false);
    expect(isCardSnapshot("card")).toBe(false);

    const user = me().user;
    expect(isMeResponse({ ...me(), user: { ...user, role: "owner" } })).toBe(false);
    expect(isMeResponse({ ...me(), user: { ...user, stores: [{ id: 1 }] } })).toBe(false);
    expect(isMeResponse({ ...me(), devIdentity: undefined })).toBe(false);
    expect(isSession({ accessToken: "a" })).toBe(false);
  });
});
