import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MemberDetail } from "../../contract/loyalty";
import {
  EARN_ID,
  LAN,
  ledgerItem,
  STAFF_LAN_ID,
  memberConsents,
  memberDetail,
  memberPreferences,
  meResponse,
} from "../test-support/fixtures";
import { apiError, membersHandler, mockApi, type MockReply } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
  // Only Date is faked (timers stay real for Testing Library): "now" is 10/06/2025.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2025-06-10T05:00:00.000Z"));
});

afterEach(() => {
  vi.useRealTimers();
});

const DETAIL_PATH = `/api/console/members/${LAN.memberId}`;
const ADJUST_PATH = `${DETAIL_PATH}/adjustments`;
const REVERSAL_PATH = `/api/console/ledger/${EARN_ID}/reversal`;
const PAGE = `/members/${LAN.memberId}`;

type Routes = Parameters<typeof mockApi>[0];

/** Serves the detail from a variable, so a test can change what the next reload returns. */
function server(role: "manager" | "marketer" = "manager", routes: Routes = {}) {
  const current = { detail: memberDetail() };
  const api = mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/members": membersHandler,
    [`GET ${DETAIL_PATH}`]: () => ({ body: current.detail }),
    [`GET ${DETAIL_PATH}/preferences`]: { body: memberPreferences() },
    [`GET ${DETAIL_PATH}/consents`]: { body: memberConsents() },
    ...routes,
  });
  return { api, current };
}

async function ledgerRows() {
  const table = await screen.findByRole("table", { name: "Lịch sử điểm, mới nhất trước" });
  return within(table).getAllByRole("row").slice(1);
}

/** The page's success message (the test harness's location probe is an <output>, also a status). */
const notice = () => screen.getAllByRole("status").find((el) => el.classList.contains("notice-region"))!;

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole("cell")
    .map((c) => c.textContent);

describe("member detail", () => {
  it("shows the header, summary cards, ledger, lots and vouchers", async () => {
    server();
    renderConsole(PAGE);

    expect(await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" })).toBeInTheDocument();
    const main = screen.getByRole("main");
    expect(main).toHaveTextContent("Số thẻ00100024");
    expect(main).toHaveTextContent("Điện thoại0912 *** 100");
    // Joined 23:30 UTC on 10 March = 11 March in Vietnam.
    expect(main).toHaveTextContent("Ngày tham gia11/03/2025");

    const summary = screen.getByRole("region", { name: "Tóm tắt điểm và hạng" });
    expect(summary).toHaveTextContent("Điểm hiện có1.250 điểm");
    expect(within(summary).getByText("Vàng")).toBeInTheDocument();
    const progress = within(summary).getByRole("progressbar", { name: "Tiến độ lên hạng Kim cương" });
    expect(progress).toHaveAttribute("aria-valuenow", "70");
    expect(summary).toHaveTextContent("Cần chi thêm 1.500.000 ₫ để lên hạng Kim cương");
    expect(summary).toHaveTextContent("Điểm sắp hết hạn120 điểmHết hạn ngày 31/03/2026");

    // Ledger: newest first, with kind labels, signed points and the running balance.
    const headers = within(screen.getByRole("table", { name: "Lịch sử điểm, mới nhất trước" }))
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual([
      "Thời gian",
      "Loại",
      "Cửa hàng",
      "Số hoá đơn",
      "Hoá đơn",
      "Điểm",
      "Số dư",
      "Người thực hiện",
      "Lý do",
      "Thao tác",
    ]);
    const rows = await ledgerRows();
    expect(rows).toHaveLength(5);
    expect(cells(rows[1]!)).toEqual([
      "01/06/2025 14:05",
      "Tích điểm",
      "Cà Phê Mây Quận 1",
      "HD-0042",
      "1.000.000\u00a0₫", // Intl puts a no-break space before the symbol
      "+130",
      "1.300",
      // Who: the cashier, her role and the counter's device.
      "Trần Thị LanNhân viêntill-q1-phone-01",
      "—",
      "Đảo ngược",
    ]);
    expect(cells(rows[0]!).slice(0, 7)).toEqual(["02/06/2025 10:15", "Đổi quà", "—", "—", "—", "−50", "1.250"]);
    expect(within(rows[0]!).getByText("−50")).toHaveClass("points-minus");
    expect(within(rows[1]!).getByText("+130")).toHaveClass("points-plus");
    // A correction: the manager who made it, what the member reads and the internal note, labelled apart.
    expect(cells(rows[2]!)[7]).toBe("Lê Quản LýQuản lý");
    expect(cells(rows[2]!)[8]).toBe("Thành viên đọc: Bổ sung điểm cho giao dịch bị thiếuGhi chú nội bộ: Bù điểm hoá đơn lỗi");
    expect(cells(rows[0]!)[7]).toBe("Hệ thống");
    expect(cells(rows[3]!)[1]).toBe("Đảo ngược");
    // The reversed earn says so and offers no second reversal.
    expect(within(rows[4]!).getByText("Đã đảo ngược")).toBeInTheDocument();
    expect(within(rows[4]!).queryByRole("button")).not.toBeInTheDocument();
    // Only earn rows can be reversed.
    expect(within(rows[0]!).queryByRole("button")).not.toBeInTheDocument();
    expect(within(rows[2]!).queryByRole("button")).not.toBeInTheDocument();
    expect(within(rows[1]!).getByRole("button", { name: "Đảo ngược giao dịch HD-0042" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("tab", { name: "Lô điểm" }));
    const lots = within(screen.getByRole("table", { name: "Các lô điểm còn lại, hết hạn sớm nhất trước" }))
      .getAllByRole("row")
      .slice(1);
    expect(lots.map(cells)).toEqual([
      ["31/03/2025", "31/03/2026", "150", "120"],
      ["01/06/2025", "01/06/2026", "1.130", "1.130"],
    ]);

    await userEvent.click(screen.getByRole("tab", { name: "Voucher" }));
    expect(screen.getByRole("tab", { name: "Voucher" })).toHaveAttribute("aria-selected", "true");
    const vouchers = within(screen.getByRole("table", { name: "Voucher của thành viên" }))
      .getAllByRole("row")
      .slice(1);
    expect(vouchers.map(cells)).toEqual([
      ["****-****-****-7K2P Hiện mã", "Cà phê sữa đá miễn phí", "Chưa dùng", "01/05/2025", "31/05/2025", "—", "Huỷ & hoàn điểm"],
      ["****-****-****-9QX4 Hiện mã", "Bánh croissant bơ", "Đã dùng", "01/05/2025", "31/05/2025", "03/05/2025", ""],
    ]);
    // The ledger table is hidden now, not gone.
    expect(screen.queryByRole("table", { name: "Lịch sử điểm, mới nhất trước" })).not.toBeInTheDocument();
  });

  it("marks lots that are past due but not yet expired by the nightly job", async () => {
    vi.setSystemTime(new Date("2026-04-02T00:00:00.000Z"));
    server();
    renderConsole(PAGE);
    await userEvent.click(await screen.findByRole("tab", { name: "Lô điểm" }));
    const lots = within(screen.getByRole("table", { name: "Các lô điểm còn lại, hết hạn sớm nhất trước" }))
      .getAllByRole("row")
      .slice(1);
    expect(cells(lots[0]!)[1]).toBe("31/03/2026Đã đến hạn");
    expect(cells(lots[1]!)[1]).toBe("01/06/2026");
  });

  it("moves between tabs with the arrow keys", async () => {
    server();
    renderConsole(PAGE);
    const ledgerTab = await screen.findByRole("tab", { name: "Lịch sử điểm" });
    ledgerTab.focus();
    await userEvent.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Lô điểm" })).toHaveFocus();
    expect(screen.getByRole("tab", { name: "Lô điểm" })).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{End}");
    expect(screen.getByRole("tab", { name: "Voucher" })).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{ArrowRight}");
    expect(ledgerTab).toHaveAttribute("aria-selected", "true");
  });

  it("speaks English, with English amounts, after switching language", async () => {
    server();
    renderConsole(PAGE);
    await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" });
    await userEvent.click(screen.getByRole("button", { name: "English" }));
    const summary = screen.getByRole("region", { name: "Points and tier summary" });
    expect(summary).toHaveTextContent("Points balance1,250 points");
    expect(summary).toHaveTextContent("Spend 1,500,000 ₫ more to reach Diamond");
    expect(screen.getByRole("tab", { name: "Points history" })).toBeInTheDocument();
    const rows = within(screen.getByRole("table", { name: "Points history, newest first" }))
      .getAllByRole("row")
      .slice(1);
    expect(cells(rows[1]!).slice(0, 2)).toEqual(["Jun 1, 2025, 14:05", "Earned"]);
    expect(screen.getByRole("button", { name: "Adjust points" })).toBeInTheDocument();
  });

  it("shows a skeleton while loading, then the member", async () => {
    let release: (reply: MockReply) => void = () => {};
    const api = mockApi({
      "GET /api/me": { body: meResponse() },
      [`GET ${DETAIL_PATH}`]: () => new Promise<MockReply>((resolve) => (release = resolve)),
    });
    renderConsole(PAGE);
    expect(await screen.findByTestId("detail-skeleton")).toBeInTheDocument();
    await waitFor(() => expect(api.to("GET", DETAIL_PATH)).toHaveLength(1));
    await act(async () => release({ body: memberDetail() }));
    expect(screen.queryByTestId("detail-skeleton")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Nguyễn Thị Lan" })).toBeInTheDocument();
  });

  it("says when the member does not exist", async () => {
    server("manager", { [`GET ${DETAIL_PATH}`]: apiError(404, "member_not_found") });
    renderConsole(PAGE);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Không tìm thấy thành viên");
    expect(within(alert).queryByRole("button", { name: "Thử lại" })).not.toBeInTheDocument();
  });

  it("offers a retry when loading fails for another reason", async () => {
    let calls = 0;
    server("manager", { [`GET ${DETAIL_PATH}`]: () => (++calls === 1 ? "network-error" : { body: memberDetail() }) });
    renderConsole(PAGE);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Không tải được thông tin thành viên.");
    expect(alert).toHaveTextContent("Không kết nối được máy chủ.");
    await userEvent.click(within(alert).getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" })).toBeInTheDocument();
  });

  it("is reached from the member list and goes back to the same search", async () => {
    server();
    renderConsole("/members?q=Nguy%E1%BB%85n");
    await userEvent.click(await screen.findByRole("link", { name: "Nguyễn Thị Lan" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" })).toBeInTheDocument();
    expect(currentLocation().pathname).toBe(PAGE);
    // Members stays highlighted in the sidebar on the detail page.
    expect(within(screen.getByRole("navigation", { name: "Điều hướng chính" })).getByRole("link", { name: "Thành viên" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await userEvent.click(screen.getByRole("link", { name: "Danh sách thành viên" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Thành viên" })).toBeInTheDocument();
    expect(currentLocation().searchParams.get("q")).toBe("Nguyễn");
  });
});

describe("adjusting points", () => {
  const adjustDialog = async () => {
    await userEvent.click(await screen.findByRole("button", { name: "Điều chỉnh điểm" }));
    return screen.getByRole("dialog", { name: "Điều chỉnh điểm" });
  };

  it("validates, posts points, reason and an idempotency key, then refreshes and confirms", async () => {
    const { api, current } = server("manager", {
      [`POST ${ADJUST_PATH}`]: () => {
        current.detail = memberDetail({ summary: { ...memberDetail().summary, balance: 1450, available: 1450 } });
        return { body: { entryId: "10000000-0000-4000-8000-000000000099", points: 200, balance: 1450, replayed: false } };
      },
    });
    renderConsole(PAGE);
    const dialog = await adjustDialog();
    expect(dialog).toHaveTextContent("Nguyễn Thị Lan · đang có 1.250 điểm");
    // Focus starts in the form.
    expect(within(dialog).getByRole("radio", { name: "Cộng điểm" })).toHaveFocus();

    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));
    expect(within(dialog).getByText("Nhập số điểm là số nguyên từ 1 đến 1.000.000.")).toBeInTheDocument();
    expect(within(dialog).getByText("Ghi chú nội bộ cần từ 3 đến 200 ký tự.")).toBeInTheDocument();
    expect(within(dialog).getByRole("textbox", { name: "Số điểm" })).toHaveAttribute("aria-invalid", "true");
    // Focus goes to the first field to fix.
    await waitFor(() => expect(within(dialog).getByRole("textbox", { name: "Số điểm" })).toHaveFocus());
    expect(api.to("POST", ADJUST_PATH)).toHaveLength(0);

    await userEvent.type(within(dialog).getByRole("textbox", { name: "Số điểm" }), "200");
    expect(dialog).toHaveTextContent("Số dư sau điều chỉnh: 1.450 điểm");
    // Editing a field clears its message; the other stays until it is fixed.
    expect(within(dialog).queryByText("Nhập số điểm là số nguyên từ 1 đến 1.000.000.")).not.toBeInTheDocument();
    expect(within(dialog).getByText("Ghi chú nội bộ cần từ 3 đến 200 ký tự.")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "  Bù điểm hoá đơn HD-0040 bị lỗi máy  ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const [post] = api.to("POST", ADJUST_PATH);
    const body = post!.body as { points: number; reason: string; idempotencyKey: string };
    expect(body.points).toBe(200);
    expect(body.reason).toBe("Bù điểm hoá đơn HD-0040 bị lỗi máy");
    expect(body.idempotencyKey).toMatch(/^[A-Za-z0-9._:-]{8,100}$/);
    expect(notice()).toHaveTextContent("Đã điều chỉnh +200 điểm cho Nguyễn Thị Lan. Số dư mới: 1.450 điểm.");
    // The detail was read again and shows the new balance.
    await waitFor(() => expect(api.to("GET", DETAIL_PATH)).toHaveLength(2));
    await waitFor(() => expect(screen.getByRole("region", { name: "Tóm tắt điểm và hạng" })).toHaveTextContent("Điểm hiện có1.450 điểm"));
  });

  it("reuses the same idempotency key when retrying after a network error", async () => {
    let posts = 0;
    const { api } = server("manager", {
      [`POST ${ADJUST_PATH}`]: () =>
        ++posts === 1
          ? "network-error"
          : { body: { entryId: "10000000-0000-4000-8000-000000000099", points: -30, balance: 1220, replayed: true } },
    });
    renderConsole(PAGE);
    const dialog = await adjustDialog();
    await userEvent.click(within(dialog).getByRole("radio", { name: "Trừ điểm" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Số điểm" }), "30");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "Khách trả lại hàng");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Không kết nối được máy chủ.");
    expect(alert).toHaveTextContent("điểm sẽ không bị ghi hai lần");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const bodies = api.to("POST", ADJUST_PATH).map((r) => r.body as { points: number; reason: string; idempotencyKey: string });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toEqual({
      points: -30,
      reason: "Khách trả lại hàng",
      memberReason: null,
      idempotencyKey: expect.any(String) as string,
    });
    expect(bodies[1]!.idempotencyKey).toBe(bodies[0]!.idempotencyKey);
    // The server says it had the first one already: nothing was posted twice, and we say so.
    expect(notice()).toHaveTextContent("đã được ghi nhận từ trước");
  });

  it("keeps the key of a lost submission when the dialog is closed and the same adjustment entered again", async () => {
    let posts = 0;
    const { api } = server("manager", {
      [`POST ${ADJUST_PATH}`]: () =>
        ++posts === 1
          ? apiError(503, "internal")
          : { body: { entryId: "10000000-0000-4000-8000-000000000099", points: 10, balance: 1260, replayed: true } },
    });
    renderConsole(PAGE);
    const fill = async (dialog: HTMLElement) => {
      await userEvent.type(within(dialog).getByRole("textbox", { name: "Số điểm" }), "10");
      await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "Quà xin lỗi");
      await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));
    };
    let dialog = await adjustDialog();
    await fill(dialog);
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Máy chủ gặp sự cố.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Huỷ" }));
    dialog = await adjustDialog();
    await fill(dialog);
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const keys = api.to("POST", ADJUST_PATH).map((r) => (r.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it("uses a new key when the user changes the submission, and explains server refusals", async () => {
    const { api } = server("manager", { [`POST ${ADJUST_PATH}`]: apiError(409, "insufficient_points") });
    renderConsole(PAGE);
    const dialog = await adjustDialog();
    await userEvent.click(within(dialog).getByRole("radio", { name: "Trừ điểm" }));
    const amount = within(dialog).getByRole("textbox", { name: "Số điểm" });
    await userEvent.type(amount, "2000");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "Thu hồi điểm");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));
    // More than the balance is caught before asking the server.
    expect(within(dialog).getByText("Thành viên chỉ có 1.250 điểm, không thể trừ nhiều hơn.")).toBeInTheDocument();
    expect(api.to("POST", ADJUST_PATH)).toHaveLength(0);

    await userEvent.clear(amount);
    await userEvent.type(amount, "1.000");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Thành viên không đủ điểm để trừ số điểm này.");

    await userEvent.clear(amount);
    await userEvent.type(amount, "900");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));
    await waitFor(() => expect(api.to("POST", ADJUST_PATH)).toHaveLength(2));
    const [first, second] = api.to("POST", ADJUST_PATH).map((r) => r.body as { points: number; idempotencyKey: string });
    expect(first!.points).toBe(-1000);
    expect(second!.points).toBe(-900);
    expect(second!.idempotencyKey).not.toBe(first!.idempotencyKey);
  });

  it("closes on Escape without posting", async () => {
    const { api } = server();
    renderConsole(PAGE);
    await adjustDialog();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Điều chỉnh điểm" })).toHaveFocus();
    expect(api.to("POST", ADJUST_PATH)).toHaveLength(0);
  });
});

describe("issue 10: who, what the member reads, whole points, voucher refunds", () => {
  const adjustDialog = async () => {
    await userEvent.click(await screen.findByRole("button", { name: "Điều chỉnh điểm" }));
    return screen.getByRole("dialog", { name: "Điều chỉnh điểm" });
  };

  it("refuses 12.5, 12,5, -5 and 1e12 points in the adjust dialog, quoting the limit, and posts nothing", async () => {
    const { api } = server();
    renderConsole(PAGE);
    const dialog = await adjustDialog();
    const amount = within(dialog).getByRole("textbox", { name: "Số điểm" });
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "Thử số lẻ");
    for (const typed of ["12.5", "12,5", "-5", "1e12", "1.000.0001"]) {
      await userEvent.clear(amount);
      await userEvent.type(amount, typed);
      await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));
      expect(within(dialog).getByText("Nhập số điểm là số nguyên từ 1 đến 1.000.000.")).toBeInTheDocument();
    }
    expect(api.to("POST", ADJUST_PATH)).toHaveLength(0);
    // Thousands typed with a separator are still whole numbers.
    await userEvent.clear(amount);
    await userEvent.type(amount, "1.500");
    expect(dialog).toHaveTextContent("Số dư sau điều chỉnh: 2.750 điểm");
  });

  it("keeps the internal note apart from what the member reads, and shows the sentence the member will see", async () => {
    const { api } = server("manager", {
      [`POST ${ADJUST_PATH}`]: { body: { entryId: "10000000-0000-4000-8000-000000000099", points: 50, balance: 1300, replayed: false } },
    });
    renderConsole(PAGE);
    const dialog = await adjustDialog();
    expect(within(dialog).getByTestId("member-reads")).toHaveTextContent(
      "Thành viên chỉ thấy loại giao dịch (ví dụ “Điều chỉnh điểm”), không kèm lý do.",
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Số điểm" }), "50");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "Khách quen hay phàn nàn");
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Thành viên sẽ đọc" }), "Quà tri ân từ cửa hàng");
    expect(within(dialog).getByTestId("member-reads")).toHaveTextContent(
      "Trong lịch sử điểm, thành viên sẽ đọc: “Quà tri ân từ cửa hàng”.",
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu điều chỉnh" }));
    await waitFor(() => expect(api.to("POST", ADJUST_PATH)).toHaveLength(1));
    expect(api.to("POST", ADJUST_PATH)[0]!.body).toMatchObject({ points: 50, reason: "Khách quen hay phàn nàn", memberReason: "goodwill" });
  });

  it("filters the ledger by who did it, asking the server", async () => {
    const { api } = server("marketer", {
      [`GET ${DETAIL_PATH}/ledger`]: () => ({
        body: { items: [memberDetail().ledger.find((e) => e.id === EARN_ID)!], nextCursor: null },
      }),
    });
    renderConsole(PAGE);
    expect(await ledgerRows()).toHaveLength(5);
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Ai thực hiện" }), "Trần Thị Lan · Nhân viên");
    await waitFor(async () => expect(await ledgerRows()).toHaveLength(1));
    const [request] = api.to("GET", `${DETAIL_PATH}/ledger`);
    expect(request!.url.searchParams.get("actorId")).toBe(STAFF_LAN_ID);
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Ai thực hiện" }), "Hệ thống");
    await waitFor(() => expect(api.to("GET", `${DETAIL_PATH}/ledger`)).toHaveLength(2));
    expect(api.to("GET", `${DETAIL_PATH}/ledger`)[1]!.url.searchParams.get("actorKind")).toBe("system");
  });

  it("cancels an unused voucher with a note and what the member reads, then confirms the refund", async () => {
    const voucherId = "30000000-0000-4000-8000-000000000001";
    const cancelPath = `/api/console/vouchers/${voucherId}/cancellation`;
    const { api, current } = server("manager", {
      [`POST ${cancelPath}`]: () => {
        const base = memberDetail();
        current.detail = {
          ...base,
          vouchers: base.vouchers.map((v) =>
            v.id === voucherId ? { ...v, status: "cancelled", cancelledAt: "2025-06-10T05:00:00.000Z" } : v,
          ),
        };
        return {
          body: {
            voucher: current.detail.vouchers[0],
            entryId: "10000000-0000-4000-8000-000000000097",
            points: 50,
            balance: 1300,
            replayed: false,
          },
        };
      },
    });
    renderConsole(PAGE);
    await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" });
    await userEvent.click(screen.getByRole("tab", { name: "Voucher" }));
    await userEvent.click(screen.getByRole("button", { name: "Huỷ voucher Cà phê sữa đá miễn phí (****-****-****-7K2P) và hoàn điểm" }));
    const dialog = screen.getByRole("dialog", { name: "Huỷ voucher và hoàn điểm" });
    // What the member reads defaults to the plain "cancelled, refunded" sentence.
    expect(within(dialog).getByTestId("member-reads")).toHaveTextContent("Phiếu quà đã được huỷ, điểm được hoàn lại");
    await userEvent.click(within(dialog).getByRole("button", { name: "Huỷ voucher" }));
    expect(within(dialog).getByText("Ghi chú nội bộ cần từ 3 đến 200 ký tự.")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "Khách đổi nhầm quà");
    await userEvent.click(within(dialog).getByRole("button", { name: "Huỷ voucher" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.to("POST", cancelPath).map((r) => r.body)).toEqual([
      { reason: "Khách đổi nhầm quà", memberReason: "voucher_cancelled", idempotencyKey: expect.any(String) as string },
    ]);
    expect(notice()).toHaveTextContent("Đã huỷ voucher Cà phê sữa đá miễn phí và hoàn 50 điểm. Số dư mới: 1.300 điểm.");
    const table = await screen.findByRole("table", { name: "Voucher của thành viên" });
    await waitFor(() => expect(within(table).getByText("Đã huỷ, hoàn điểm")).toBeInTheDocument());
    expect(within(table).queryByRole("button", { name: /hoàn điểm/ })).not.toBeInTheDocument();
  });

  it("offers no voucher cancellation to a marketer", async () => {
    server("marketer");
    renderConsole(PAGE);
    await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" });
    await userEvent.click(screen.getByRole("tab", { name: "Voucher" }));
    expect(screen.queryByRole("button", { name: /Huỷ voucher/ })).not.toBeInTheDocument();
  });
});

describe("reversing an earn", () => {
  const reversedDetail = (): MemberDetail => {
    const base = memberDetail();
    return {
      ...base,
      summary: { ...base.summary, balance: 1120, available: 1120 },
      ledger: [
        ledgerItem({
          id: "10000000-0000-4000-8000-000000000098",
          kind: "reversal",
          points: -130,
          balanceAfter: 1120,
          occurredAt: "2025-06-03T02:00:00.000Z",
          storeName: "Cà Phê Mây Quận 1",
          billVnd: 1_000_000,
          note: "Hoá đơn bị huỷ",
        }),
        ...base.ledger.map((item) => (item.id === EARN_ID ? { ...item, reversed: true } : item)),
      ],
    };
  };

  it("asks for a reason, posts it, refreshes the ledger and confirms", async () => {
    const { api, current } = server("manager", {
      [`POST ${REVERSAL_PATH}`]: () => {
        current.detail = reversedDetail();
        return { body: { entryId: "10000000-0000-4000-8000-000000000098", points: -130, balance: 1120, replayed: false } };
      },
    });
    renderConsole(PAGE);
    await userEvent.click(await screen.findByRole("button", { name: "Đảo ngược giao dịch HD-0042" }));
    const dialog = screen.getByRole("dialog", { name: "Đảo ngược giao dịch tích điểm" });
    expect(dialog).toHaveTextContent("Thành viên sẽ bị trừ lại 130 điểm");
    expect(dialog).toHaveTextContent("HD-0042");
    expect(dialog).toHaveTextContent("Cà Phê Mây Quận 1");

    await userEvent.click(within(dialog).getByRole("button", { name: "Xác nhận đảo ngược" }));
    expect(within(dialog).getByText("Ghi chú nội bộ cần từ 3 đến 200 ký tự.")).toBeInTheDocument();
    expect(api.to("POST", REVERSAL_PATH)).toHaveLength(0);

    await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "Hoá đơn bị huỷ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Xác nhận đảo ngược" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.to("POST", REVERSAL_PATH).map((r) => r.body)).toEqual([{ reason: "Hoá đơn bị huỷ", memberReason: null }]);
    expect(notice()).toHaveTextContent("Đã đảo ngược, trừ 130 điểm. Số dư mới: 1.120 điểm.");
    await waitFor(() => expect(api.to("GET", DETAIL_PATH)).toHaveLength(2));
    const rows = await waitFor(async () => {
      const r = await ledgerRows();
      expect(r).toHaveLength(6);
      return r;
    });
    expect(cells(rows[0]!).slice(0, 2)).toEqual(["03/06/2025 09:00", "Đảo ngược"]);
    expect(within(rows[2]!).getByText("Đã đảo ngược")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Đảo ngược giao dịch HD-0042" })).not.toBeInTheDocument();
  });

  it("explains already_reversed and reloads the ledger", async () => {
    const { api, current } = server("manager", {
      [`POST ${REVERSAL_PATH}`]: () => {
        current.detail = reversedDetail();
        return apiError(409, "already_reversed");
      },
    });
    renderConsole(PAGE);
    await userEvent.click(await screen.findByRole("button", { name: "Đảo ngược giao dịch HD-0042" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Ghi chú nội bộ" }), "Nhầm thẻ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Xác nhận đảo ngược" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Giao dịch này đã được đảo ngược trước đó.");
    await waitFor(() => expect(api.to("GET", DETAIL_PATH)).toHaveLength(2));
  });
});

describe("as a marketer", () => {
  it("shows the member but no adjust or reverse actions", async () => {
    const { api } = server("marketer");
    renderConsole(PAGE);
    expect(await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" })).toBeInTheDocument();
    const rows = await ledgerRows();
    expect(rows).toHaveLength(5);
    expect(screen.queryByRole("button", { name: "Điều chỉnh điểm" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Đảo ngược/ })).not.toBeInTheDocument();
    const headers = within(screen.getByRole("table", { name: "Lịch sử điểm, mới nhất trước" }))
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).not.toContain("Thao tác");
    // Marketers still see the reversed marker: it is information, not an action.
    expect(within(rows[4]!).getByText("Đã đảo ngược")).toBeInTheDocument();
    expect(api.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  });
});

describe("voucher codes (issue 10 item 13)", () => {
  const REVEAL_PATH = "/api/console/vouchers/30000000-0000-4000-8000-000000000001/code-reveal";

  async function voucherRows() {
    await userEvent.click(await screen.findByRole("tab", { name: "Voucher" }));
    return within(screen.getByRole("table", { name: "Voucher của thành viên" }))
      .getAllByRole("row")
      .slice(1);
  }

  it("shows a marketer masked codes and no way to reveal them", async () => {
    const { api } = server("marketer");
    renderConsole(PAGE);
    const rows = await voucherRows();
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]!.textContent)).toEqual(["****-****-****-7K2P", "****-****-****-9QX4"]);
    expect(screen.queryByRole("button", { name: /Hiện mã/ })).not.toBeInTheDocument();
    expect(api.to("POST", REVEAL_PATH)).toHaveLength(0);
  });

  it("lets a manager reveal one code, asking the server (which records the reveal) each time", async () => {
    const { api } = server("manager", {
      [`POST ${REVEAL_PATH}`]: {
        body: { voucherId: "30000000-0000-4000-8000-000000000001", code: "ABCD-EFGH-JKMN-7K2P", revealedAt: "2025-06-10T05:00:00.000Z" },
      },
    });
    renderConsole(PAGE);
    const rows = await voucherRows();
    await userEvent.click(within(rows[0]!).getByRole("button", { name: "Hiện mã voucher Cà phê sữa đá miễn phí (****-****-****-7K2P)" }));

    expect(await within(rows[0]!).findByTestId("voucher-code-revealed")).toHaveTextContent("ABCD-EFGH-JKMN-7K2P");
    expect(api.to("POST", REVEAL_PATH)).toHaveLength(1);
    // The other voucher stays masked.
    expect(within(rows[1]!).getAllByRole("cell")[0]).toHaveTextContent("****-****-****-9QX4");
  });

  it("says why when the server refuses the reveal", async () => {
    server("manager", { [`POST ${REVEAL_PATH}`]: apiError(403, "forbidden") });
    renderConsole(PAGE);
    const rows = await voucherRows();
    await userEvent.click(within(rows[0]!).getByRole("button", { name: /Hiện mã voucher Cà phê sữa đá/ }));
    expect(await within(rows[0]!).findByRole("alert")).toHaveTextContent("Tài khoản của bạn không có quyền làm việc này.");
    expect(within(rows[0]!).queryByTestId("voucher-code-revealed")).not.toBeInTheDocument();
  });
});

describe("preferences and consents", () => {
  const section = (name: string) => screen.getByRole("region", { name });
  const rowsOf = (table: HTMLElement) => within(table).getAllByRole("row").slice(1).map(cells);

  it("shows the member's answers with the form version each was given for", async () => {
    server();
    renderConsole(PAGE);
    await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" });
    const prefs = await waitFor(() => section("Sở thích"));
    await waitFor(() => expect(prefs).toHaveAttribute("aria-busy", "false"));
    expect(prefs).toHaveTextContent("Biểu mẫu hiện tại: phiên bản 3.");
    expect(within(prefs).getByText("Chưa hoàn tất")).toBeInTheDocument();
    expect(rowsOf(within(prefs).getByRole("table", { name: "Câu trả lời sở thích của thành viên" }))).toEqual([
      // Answered for version 2 (the current form is 3): still shown, marked older. 08:00 Vietnam time.
      ["Sinh nhật của bạn là ngày nào?", "14/2", "2 (cũ)", "02/04/2025 08:00"],
      ["Bạn thích những loại sản phẩm nào?", "Đồ uống, Đồ ăn", "3", "20/05/2025 19:30"],
      ["Bạn muốn nhận ưu đãi bao lâu một lần?", "Hằng tháng", "3", "20/05/2025 19:31"],
    ]);

    await userEvent.click(screen.getByRole("button", { name: "English" }));
    expect(rowsOf(within(section("Preferences")).getByRole("table"))[0]).toEqual([
      "When is your birthday?",
      "14 February",
      "2 (older)",
      "Apr 2, 2025, 08:00",
    ]);
  });

  it("says since when a profile is complete", async () => {
    server("manager", {
      [`GET ${DETAIL_PATH}/preferences`]: { body: memberPreferences({ complete: true, completedAt: "2025-05-20T17:30:00.000Z" }) },
    });
    renderConsole(PAGE);
    // 17:30 UTC on 20 May is 21 May in Vietnam.
    expect(await screen.findByText("Hoàn tất từ 21/05/2025")).toBeInTheDocument();
  });

  it("has an empty state when the member shared no preferences", async () => {
    server("manager", { [`GET ${DETAIL_PATH}/preferences`]: { body: memberPreferences({ answers: [] }) } });
    renderConsole(PAGE);
    expect(await screen.findByText("Thành viên chưa cho biết sở thích nào")).toBeInTheDocument();
  });

  it("shows consent per purpose, the full history newest first, Zalo answers and privacy requests", async () => {
    server();
    renderConsole(PAGE);
    await screen.findByRole("heading", { level: 1, name: "Nguyễn Thị Lan" });
    const consents = await waitFor(() => section("Đồng ý & quyền riêng tư"));
    await waitFor(() => expect(consents).toHaveAttribute("aria-busy", "false"));

    const current = rowsOf(within(consents).getByRole("table", { name: "Trạng thái đồng ý theo từng mục đích" }));
    expect(current.map((r) => r[0])).toEqual([
      "Tư cách thành viênBắt buộc",
      "Tin chăm sóc & giao dịch qua Zalo (ZNS)",
      "Tin khuyến mãi qua Zalo (ZNS)",
      "Thông báo từ Mini App",
      "Tin nhắn từ Official Account",
      "Cá nhân hoá theo sở thích",
      "Phân tích để cải thiện dịch vụ",
    ]);
    // The language suffix of the terms version is not an outdated wording.
    expect(current[0]!.slice(1)).toEqual(["Đồng ý", "11/03/2025 06:30", "2026-11-01/vi"]);
    expect(current[1]!.slice(1)).toEqual(["Chưa hỏi", "—", "—"]);
    expect(current[2]!.slice(1)).toEqual(["Đã rút lại", "01/05/2025 17:00", "2026-11-23"]);
    // Agreed to a wording that has since been replaced: flagged.
    expect(current[6]!.slice(1)).toEqual(["Đồng ý", "12/03/2025 09:00", "2025-01-01Nội dung cũ"]);

    expect(rowsOf(within(consents).getByRole("table", { name: "Lịch sử đồng ý và rút lại, mới nhất trước" }))).toEqual([
      ["01/05/2025 17:00", "Tin khuyến mãi qua Zalo (ZNS)", "Rút lại", "2026-11-23", "Mini App"],
      ["20/04/2025 15:00", "Tin khuyến mãi qua Zalo (ZNS)", "Đồng ý", "2026-11-23", "Mini App"],
      ["12/03/2025 09:00", "Phân tích để cải thiện dịch vụ", "Đồng ý", "2025-01-01", "Dữ liệu demo"],
      ["11/03/2025 06:30", "Tư cách thành viên", "Đồng ý", "2026-11-01/vi", "Mini App"],
    ]);
    expect(rowsOf(within(consents).getByRole("table", { name: /^Câu trả lời của thành viên cho các yêu cầu quyền của Zalo/ }))).toEqual([
      ["20/04/2025 15:00", "Tin khuyến mãi qua Zalo (ZNS)", "Số điện thoại", "Cho phép"],
    ]);
    expect(rowsOf(within(consents).getByRole("table", { name: "Yêu cầu xuất hoặc xoá dữ liệu, mới nhất trước" }))).toEqual([
      ["02/05/2025 11:00", "Xuất dữ liệu"],
    ]);
    expect(screen.queryByRole("note", { name: "Tài khoản đã bị xoá" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "English" }));
    const english = section("Consent & privacy");
    expect(rowsOf(within(english).getByRole("table", { name: "Consents given and withdrawn, newest first" }))[0]).toEqual([
      "May 1, 2025, 17:00",
      "Promotional messages via Zalo (ZNS)",
      "Withdrawn",
      "2026-11-23",
      "Mini App",
    ]);
    expect(rowsOf(within(english).getByRole("table", { name: "Consent state per purpose" }))[1]!.slice(0, 2)).toEqual([
      "Care and transaction messages via Zalo (ZNS)",
      "Never asked",
    ]);
  });

  it("puts a clear banner at the top when the account was erased", async () => {
    server("manager", {
      [`GET ${DETAIL_PATH}/consents`]: {
        body: memberConsents({
          erasedAt: "2025-06-01T01:00:00.000Z",
          privacyRequests: [{ kind: "erase", at: "2025-06-01T01:00:00.000Z" }],
          history: [
            { purpose: "membership", granted: false, wordingVersion: "2026-11-01", channel: "erasure", at: "2025-06-01T01:00:00.000Z" },
          ],
        }),
      },
    });
    renderConsole(PAGE);
    const banner = await screen.findByRole("note", { name: "Tài khoản đã bị xoá" });
    expect(banner).toHaveTextContent("Thành viên đã xoá tài khoản lúc 01/06/2025 08:00.");
    expect(banner).toHaveTextContent("không liên hệ và không dùng dữ liệu");
    // Above the member's name, so it is the first thing read.
    const heading = screen.getByRole("heading", { level: 1, name: "Nguyễn Thị Lan" });
    expect(banner.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Points were written off on erasure: no adjusting or reversing for nobody.
    expect(screen.queryByRole("button", { name: "Điều chỉnh điểm" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Đảo ngược giao dịch/ })).not.toBeInTheDocument();
    const consents = section("Đồng ý & quyền riêng tư");
    expect(rowsOf(within(consents).getByRole("table", { name: "Yêu cầu xuất hoặc xoá dữ liệu, mới nhất trước" }))).toEqual([
      ["01/06/2025 08:00", "Xoá tài khoản"],
    ]);
    expect(rowsOf(within(consents).getByRole("table", { name: "Lịch sử đồng ý và rút lại, mới nhất trước" }))).toEqual([
      ["01/06/2025 08:00", "Tư cách thành viên", "Rút lại", "2026-11-01", "Xoá tài khoản"],
    ]);
  });

  it("keeps the rest of the page when the consent records fail to load, and retries", async () => {
    let calls = 0;
    server("manager", { [`GET ${DETAIL_PATH}/consents`]: () => (++calls === 1 ? apiError(500, "internal") : { body: memberConsents() }) });
    renderConsole(PAGE);
    const consents = await waitFor(() => section("Đồng ý & quyền riêng tư"));
    const alert = await within(consents).findByRole("alert");
    expect(alert).toHaveTextContent("Không tải được thông tin đồng ý.");
    expect(screen.getByRole("heading", { level: 1, name: "Nguyễn Thị Lan" })).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole("button", { name: "Thử lại" }));
    expect(await within(consents).findByRole("table", { name: "Trạng thái đồng ý theo từng mục đích" })).toBeInTheDocument();
  });
});

describe("a long ledger", () => {
  const older = (n: number) =>
    ledgerItem({
      id: `40000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      kind: "earn",
      points: 10,
      balanceAfter: 1000 - n,
      occurredAt: "2025-04-01T03:00:00.000Z",
      receiptNo: `HD-OLD-${n}`,
      billVnd: 100_000,
    });

  it("loads older entries page by page with Load more, from the detail's cursor", async () => {
    const first = memberDetail();
    const cursor = first.ledger[first.ledger.length - 1]!.id;
    const { api, current } = server("manager", {
      [`GET ${DETAIL_PATH}/ledger`]: (request) =>
        request.url.searchParams.get("after") === cursor
          ? { body: { items: [older(1), older(2)], nextCursor: older(2).id } }
          : { body: { items: [older(3)], nextCursor: null } },
    });
    current.detail = { ...first, ledgerNextCursor: cursor };
    renderConsole(PAGE);

    expect(await ledgerRows()).toHaveLength(5);
    await userEvent.click(screen.getByRole("button", { name: "Xem thêm" }));
    await waitFor(async () => expect(await ledgerRows()).toHaveLength(7));
    await userEvent.click(screen.getByRole("button", { name: "Xem thêm" }));
    await waitFor(async () => expect(await ledgerRows()).toHaveLength(8));
    expect(screen.queryByRole("button", { name: "Xem thêm" })).not.toBeInTheDocument();
    expect(api.to("GET", `${DETAIL_PATH}/ledger`).map((r) => r.url.searchParams.get("after"))).toEqual([cursor, older(2).id]);
  });

  it("shows no Load more when the detail holds the whole ledger", async () => {
    server();
    renderConsole(PAGE);
    expect(await ledgerRows()).toHaveLength(5);
    expect(screen.queryByRole("button", { name: "Xem thêm" })).not.toBeInTheDocument();
  });
});
