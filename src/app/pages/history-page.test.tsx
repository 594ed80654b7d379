import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { card, ledgerItem, me, session, summary } from "../test-utils/fixtures";
import { mockApi, type Call } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
afterEach(() => vi.unstubAllGlobals());

function historyApi(ledger: Parameters<typeof mockApi>[0][string]) {
  return mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/summary": { status: 200, body: summary() },
    "GET /members/me/ledger": ledger,
  });
}

async function openHistory() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Lịch sử điểm" }));
  return app;
}

const rows = () => within(screen.getByRole("list", { name: "Lịch sử điểm" })).getAllByRole("listitem");

describe("points history", () => {
  it("labels every kind of entry, with signed points and the running balance", async () => {
    historyApi({
      status: 200,
      body: {
        items: [
          ledgerItem(1, {
            kind: "earn",
            points: 125,
            balanceAfter: 1375,
            receiptNo: "HD-9",
            billVnd: 1_250_000,
            storeName: "Cà Phê Mây — Quận 1",
          }),
          ledgerItem(2, {
            kind: "redeem",
            points: -50,
            balanceAfter: 1250,
            reason: "Cà phê sữa đá",
            storeName: null,
            receiptNo: null,
            billVnd: null,
          }),
          ledgerItem(3, { kind: "expire", points: -20, balanceAfter: 1300, storeName: null, receiptNo: null, billVnd: null }),
          ledgerItem(4, {
            kind: "adjust",
            points: 30,
            balanceAfter: 1320,
            memberReason: "missing_points",
            storeName: null,
            receiptNo: null,
            billVnd: null,
          }),
          ledgerItem(5, { kind: "reversal", points: -10, balanceAfter: 1290, memberReason: "purchase_returned" }),
          ledgerItem(6, {
            kind: "bonus",
            points: 100,
            balanceAfter: 1300,
            reason: "Sinh nhật",
            storeName: null,
            receiptNo: null,
            billVnd: null,
          }),
          ledgerItem(7, { kind: "game_prize", points: 15, balanceAfter: 1200, storeName: null, receiptNo: null, billVnd: null }),
          ledgerItem(8, { kind: "earn", points: 10, balanceAfter: 1185, reversed: true }),
        ],
        nextCursor: null,
      },
    });
    await openHistory();
    await screen.findByRole("list", { name: "Lịch sử điểm" });

    const [earn, redeem, expire, adjust, reversal, bonus, game, reversed] = rows();
    expect(earn).toHaveTextContent("Tích điểm tại Cà Phê Mây — Quận 1");
    expect(earn).toHaveTextContent("Hoá đơn HD-9 · 1.250.000 ₫");
    expect(earn).toHaveTextContent("20/11/2026 · 14:30");
    expect(within(earn!).getByText("+125")).toHaveClass("ledger__points--plus");
    expect(earn).toHaveTextContent("Số dư 1.375");
    expect(redeem).toHaveTextContent("Đổi quà: Cà phê sữa đá");
    expect(within(redeem!).getByText("−50")).toHaveClass("ledger__points--minus");
    expect(expire).toHaveTextContent("Điểm hết hạn");
    expect(adjust).toHaveTextContent("Điều chỉnh: Bổ sung điểm cho giao dịch bị thiếu");
    expect(reversal).toHaveTextContent("Huỷ tích điểm");
    expect(reversal).toHaveTextContent("Hoá đơn đã được trả hàng hoặc huỷ");
    expect(bonus).toHaveTextContent("Điểm thưởng");
    expect(bonus).toHaveTextContent("Sinh nhật");
    expect(game).toHaveTextContent("Quà từ trò chơi");
    expect(reversed).toHaveTextContent("Đã huỷ");
    expect(screen.queryByRole("button", { name: "Xem thêm" })).not.toBeInTheDocument();
  });

  it("shows the member only the sentence the manager chose for them, or a neutral default, never an internal note", async () => {
    const none = { storeName: null, receiptNo: null, billVnd: null };
    historyApi({
      status: 200,
      body: {
        items: [
          ledgerItem(1, { ...none, kind: "refund", points: 50, balanceAfter: 1300, memberReason: "voucher_cancelled" }),
          // Even if a note came through as `reason` (an older server), the Mini App does not print it.
          ledgerItem(2, { ...none, kind: "adjust", points: 20, balanceAfter: 1250, reason: "Khách hay phàn nàn, tặng cho êm" }),
          ledgerItem(3, { kind: "reversal", points: -10, balanceAfter: 1230, reason: "Thu ngân quét nhầm" }),
        ],
        nextCursor: null,
      },
    });
    await openHistory();
    await screen.findByRole("list", { name: "Lịch sử điểm" });
    const [refund, adjust, reversal] = rows();
    expect(refund).toHaveTextContent("Hoàn điểm voucher");
    expect(refund).toHaveTextContent("Phiếu quà đã được huỷ, điểm được hoàn lại");
    expect(within(refund!).getByText("+50")).toBeInTheDocument();
    expect(adjust).toHaveTextContent("Điều chỉnh điểm");
    expect(reversal).toHaveTextContent("Huỷ tích điểm");
    const list = screen.getByRole("list", { name: "Lịch sử điểm" });
    expect(list).not.toHaveTextContent("Khách hay phàn nàn");
    expect(list).not.toHaveTextContent("Thu ngân quét nhầm");
  });

  it("loads the next page after the last entry with “Xem thêm”", async () => {
    const api = historyApi((call: Call) =>
      call.query.after
        ? { status: 200, body: { items: [ledgerItem(3, { receiptNo: "HD-OLD" })], nextCursor: null } }
        : { status: 200, body: { items: [ledgerItem(1), ledgerItem(2)], nextCursor: ledgerItem(2).id } },
    );
    const { user } = await openHistory();
    await screen.findByRole("list", { name: "Lịch sử điểm" });
    expect(rows()).toHaveLength(2);

    await user.click(screen.getByRole("button", { name: "Xem thêm" }));
    await screen.findByText(/HD-OLD/);
    expect(rows()).toHaveLength(3);
    const calls = api.callsTo("GET /members/me/ledger");
    expect(calls[0]?.query.after).toBeUndefined();
    expect(calls[1]?.query.after).toBe(ledgerItem(2).id);
    expect(screen.queryByRole("button", { name: "Xem thêm" })).not.toBeInTheDocument();
  });

  it("shows skeletons while loading, then an empty state", async () => {
    let answer: (value: unknown) => void = () => undefined;
    const gate = new Promise((resolve) => (answer = resolve));
    historyApi({ status: 200, body: { items: [], nextCursor: null } });
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes("/ledger")) await gate;
      return realFetch(input, init);
    });
    await openHistory();

    expect(await screen.findByRole("status", { name: "Đang tải…" })).toHaveAttribute("aria-busy", "true");
    answer(null);
    expect(await screen.findByRole("heading", { name: "Chưa có giao dịch điểm nào" })).toBeInTheDocument();
    expect(screen.queryByRole("status", { name: "Đang tải…" })).not.toBeInTheDocument();
  });

  it("offers a retry when the history cannot be loaded", async () => {
    historyApi((_call: Call, nth: number) =>
      nth === 0 ? "network-error" : { status: 200, body: { items: [ledgerItem(1)], nextCursor: null } },
    );
    const { user } = await openHistory();

    expect(await screen.findByRole("alert")).toHaveTextContent("Không kết nối được máy chủ");
    await user.click(screen.getByRole("button", { name: "Thử lại" }));
    await screen.findByRole("list", { name: "Lịch sử điểm" });
    expect(rows()).toHaveLength(1);
  });
});
