import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { card, ledgerItem, me, session, summary } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
afterEach(() => vi.unstubAllGlobals());

describe("points history in plain words", () => {
  it("shows the profile bonus and an erasure adjustment in words, never their codes, in both languages", async () => {
    mockApi({
      "GET /me": { status: 200, body: me() },
      "GET /members/me/card": { status: 200, body: card() },
      "GET /members/me/summary": { status: 200, body: summary() },
      "GET /members/me/ledger": {
        status: 200,
        body: {
          items: [
            ledgerItem(1, { kind: "bonus", points: 50, reason: "profile_completed", storeName: null, receiptNo: null, billVnd: null }),
            ledgerItem(2, { kind: "adjust", points: -20, reason: "account_erased", storeName: null, receiptNo: null, billVnd: null }),
          ],
          nextCursor: null,
        },
      },
    });
    const { user } = renderApp();
    await user.click(await screen.findByRole("button", { name: "Tài khoản" }));
    await user.click(await screen.findByRole("radio", { name: "English" }));
    await user.click(await screen.findByRole("button", { name: "Card" }));
    await user.click(await screen.findByRole("button", { name: "Points history" }));

    const list = await screen.findByRole("list", { name: "Points history" });
    const [bonus, adjust] = within(list).getAllByRole("listitem");
    expect(bonus).toHaveTextContent("Bonus points");
    expect(bonus).toHaveTextContent("Completed your preference profile");
    expect(adjust).toHaveTextContent("Adjustment: Account deleted");
    expect(list).not.toHaveTextContent(/profile_completed|account_erased/);

    await user.click(screen.getByRole("button", { name: "Back" }));
    await user.click(await screen.findByRole("button", { name: "Account" }));
    await user.click(await screen.findByRole("radio", { name: "Tiếng Việt" }));
    await user.click(screen.getByRole("button", { name: "Thẻ" }));
    await user.click(await screen.findByRole("button", { name: "Lịch sử điểm" }));
    const vi = await screen.findByRole("list", { name: "Lịch sử điểm" });
    expect(vi).toHaveTextContent("Hoàn thành hồ sơ sở thích");
    expect(vi).toHaveTextContent("Điều chỉnh: Xoá tài khoản");
    expect(vi).not.toHaveTextContent(/profile_completed|account_erased/);
  });
});
