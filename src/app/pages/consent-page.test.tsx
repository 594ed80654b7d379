import { screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MEMBERSHIP_TERMS } from "../../domain/consent/membership-terms";
import { apiError, card, me, session, terms } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

beforeEach(resetDevice);
afterEach(() => vi.unstubAllGlobals());

/** A new shopper: not a member until POST /members succeeds. */
function newShopperApi(overrides: Parameters<typeof mockApi>[0] = {}) {
  let joined = false;
  return mockApi({
    "POST /auth/zalo": { status: 200, body: { session: session(), user: me({ isMember: false }).user } },
    "GET /me": () => ({ status: 200, body: me({ isMember: joined }) }),
    "GET /terms": { status: 200, body: terms() },
    "POST /members": () => {
      joined = true;
      return { status: 201, body: { card: card(), created: true } };
    },
    "GET /members/me/card": { status: 200, body: card() },
    ...overrides,
  });
}

async function openConsent() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Trở thành thành viên" }));
  await screen.findByRole("heading", { name: MEMBERSHIP_TERMS.vi.title });
  return app;
}

describe("consent", () => {
  it("shows the terms in Vietnamese with an unchecked box and a disabled join button", async () => {
    newShopperApi();
    await openConsent();

    for (const point of MEMBERSHIP_TERMS.vi.points) expect(screen.getByText(point)).toBeInTheDocument();
    expect(screen.getByText(MEMBERSHIP_TERMS.vi.purpose)).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: MEMBERSHIP_TERMS.vi.agree })).not.toBeChecked();
    expect(screen.getByRole("button", { name: "Đồng ý và tham gia" })).toBeDisabled();
  });

  it("enables joining only once the box is ticked, and sends the terms version shown", async () => {
    const api = newShopperApi();
    const { user } = await openConsent();
    const join = screen.getByRole("button", { name: "Đồng ý và tham gia" });

    await user.click(join);
    expect(api.callsTo("POST /members")).toHaveLength(0);

    await user.click(screen.getByRole("checkbox", { name: MEMBERSHIP_TERMS.vi.agree }));
    expect(join).toBeEnabled();
    await user.click(screen.getByRole("checkbox", { name: MEMBERSHIP_TERMS.vi.agree }));
    expect(join).toBeDisabled();

    await user.click(screen.getByRole("checkbox", { name: MEMBERSHIP_TERMS.vi.agree }));
    await user.click(join);

    await waitFor(() => expect(api.callsTo("POST /members")).toHaveLength(1));
    expect(api.callsTo("POST /members")[0]?.body).toEqual({ termsVersion: "2030-01-15", accepted: true, locale: "vi" });
    // Joined without a phone number: the optional phone step comes next.
    expect(await screen.findByRole("heading", { name: "Thêm số điện thoại" })).toBeInTheDocument();
  });

  it("asks again, with the box cleared, when the terms changed meanwhile", async () => {
    const api = newShopperApi({
      "GET /terms": (_call, nth) => ({ status: 200, body: terms(nth === 0 ? "2030-01-15" : "2030-02-01") }),
      "POST /members": { status: 409, body: apiError("terms_outdated") },
    });
    const { user } = await openConsent();
    const box = screen.getByRole("checkbox", { name: MEMBERSHIP_TERMS.vi.agree });
    await user.click(box);
    await user.click(screen.getByRole("button", { name: "Đồng ý và tham gia" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Điều khoản vừa được cập nhật");
    expect(await screen.findByText("Phiên bản 2030-02-01")).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: MEMBERSHIP_TERMS.vi.agree })).not.toBeChecked();
    expect(screen.getByRole("button", { name: "Đồng ý và tham gia" })).toBeDisabled();
    expect(api.callsTo("GET /terms")).toHaveLength(2);
  });
});
