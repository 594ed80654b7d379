import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConsoleLedgerItem } from "../../contract/loyalty";
import { LAN, MANAGER_ID, MEMBERS, STAFF_LAN_ID, ledgerItem, meResponse } from "../test-support/fixtures";
import { apiError, mockApi, type MockReply, type MockRequest } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  storeSession();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const LEDGER = "/api/console/ledger";
const EXPORT = "/api/console/ledger/export.csv";
const HUNG = MEMBERS[1]!;

const ENTRIES: ConsoleLedgerItem[] = [
  ledgerItem({
    id: "20000000-0000-4000-8000-000000000002",
    kind: "adjust",
    points: -40,
    balanceAfter: 1210,
    // 23:30 UTC on 9 June = 06:30 on 10 June in Vietnam.
    occurredAt: "2025-06-09T23:30:00.000Z",
    note: "Khách trả hàng",
    memberReason: "purchase_returned",
    actor: { kind: "manager", userId: MANAGER_ID, name: "Chị Mai", role: "manager", device: null },
  }),
  ledgerItem({
    id: "20000000-0000-4000-8000-000000000001",
    kind: "earn",
    points: 25,
    balanceAfter: 25,
    occurredAt: "2025-06-08T03:05:00.000Z",
    storeName: "Cà Phê Mây Quận 1",
    receiptNo: "HD-0042",
    billVnd: 250_000,
    memberId: HUNG.memberId,
    memberName: HUNG.displayName,
    actor: { kind: "staff", userId: STAFF_LAN_ID, name: "Lan (quầy 1)", role: "staff", device: "till-q1-phone-01" },
  }),
];

function server(
  ledger: (request: MockRequest) => MockReply | Promise<MockReply> = () => ({
    body: { items: ENTRIES, nextCursor: null, exportMaxRows: 50_000 },
  }),
  more = {},
) {
  return mockApi({ "GET /api/me": { body: meResponse("marketer") }, [`GET ${LEDGER}`]: ledger, ...more });
}

async function rows() {
  const table = await screen.findByRole("table", { name: "Lịch sử điểm, mới nhất trước" });
  return within(table).getAllByRole("row").slice(1);
}

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole("cell")
    .map((c) => c.textContent);

const query = (r: MockRequest) => Object.fromEntries(r.url.searchParams);

describe("the brand's points ledger", () => {
  it("is in the sidebar after Members and shows the entries newest first, in Vietnam time, with member links and who did it", async () => {
    const api = server();
    renderConsole("/ledger");
    expect(await screen.findByRole("heading", { level: 1, name: "Sổ điểm" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(within(nav).getByRole("link", { name: "Sổ điểm" })).toHaveAttribute("aria-current", "page");

    const [adjust, earn] = await rows();
    expect(cells(adjust!)).toEqual([
      "10/06/2025 06:30",
      LAN.displayName,
      "Điều chỉnh",
      "—",
      "—",
      "—",
      "−40",
      "1.210",
      "Chị MaiQuản lý",
      "Thành viên đọc: Hoá đơn đã được trả hàng hoặc huỷGhi chú nội bộ: Khách trả hàng",
    ]);
    expect(cells(earn!)).toEqual([
      "08/06/2025 10:05",
      HUNG.displayName,
      "Tích điểm",
      "Cà Phê Mây Quận 1",
      "HD-0042",
      "250.000\u00a0₫",
      "+25",
      "25",
      "Lan (quầy 1)Nhân viêntill-q1-phone-01",
      "—",
    ]);
    expect(within(earn!).getByRole("link", { name: HUNG.displayName })).toHaveAttribute("href", `/members/${HUNG.memberId}`);
    // A marketer only looks: no reverse buttons on this page.
    expect(screen.queryByRole("button", { name: /Đảo ngược/ })).not.toBeInTheDocument();
    expect(query(api.to("GET", LEDGER)[0]!)).toEqual({ limit: "50" });
    expect(screen.getByText("Đang hiện 2 giao dịch")).toBeInTheDocument();
  });

  it("asks the server for one person's or one kind's entries and a range of days, and keeps the filters in the URL", async () => {
    const user = userEvent.setup();
    const api = server();
    renderConsole("/ledger");
    await rows();

    await user.selectOptions(screen.getByLabelText("Ai thực hiện"), "Lan (quầy 1) · Nhân viên");
    await waitFor(() => expect(query(api.to("GET", LEDGER).at(-1)!)).toEqual({ actorId: STAFF_LAN_ID, limit: "50" }));
    expect(currentLocation().searchParams.get("actor")).toBe(`user:${STAFF_LAN_ID}`);

    await user.selectOptions(screen.getByLabelText("Ai thực hiện"), "Quản lý");
    await waitFor(() => expect(query(api.to("GET", LEDGER).at(-1)!)).toEqual({ actorKind: "manager", limit: "50" }));

    await user.type(screen.getByLabelText("Từ ngày"), "2025-06-01");
    await user.type(screen.getByLabelText("Đến ngày"), "2025-06-09");
    await waitFor(() =>
      expect(query(api.to("GET", LEDGER).at(-1)!)).toEqual({ actorKind: "manager", from: "2025-06-01", to: "2025-06-09", limit: "50" }),
    );
    expect(currentLocation().search).toBe("?actor=kind%3Amanager&from=2025-06-01&to=2025-06-09");

    await user.click(screen.getAllByRole("button", { name: "Bỏ lọc" })[0]!);
    await waitFor(() => expect(query(api.to("GET", LEDGER).at(-1)!)).toEqual({ limit: "50" }));
  });

  it("says so when an end day comes before the start, and does not send it", async () => {
    const api = server();
    renderConsole("/ledger?from=2025-06-09&to=2025-06-01");
    await rows();
    expect(screen.getByRole("alert")).toHaveTextContent("Ngày kết thúc phải sau ngày bắt đầu.");
    expect(screen.getByLabelText("Đến ngày")).toHaveAttribute("aria-invalid", "true");
    expect(query(api.to("GET", LEDGER)[0]!)).toEqual({ from: "2025-06-09", limit: "50" });
  });

  it("loads older entries with the API's cursor", async () => {
    const user = userEvent.setup();
    const older = ledgerItem({
      id: "20000000-0000-4000-8000-000000000000",
      kind: "bonus",
      points: 50,
      balanceAfter: 50,
      occurredAt: "2025-06-01T03:00:00.000Z",
    });
    const api = server(({ url }) =>
      url.searchParams.get("after")
        ? { body: { items: [older], nextCursor: null, exportMaxRows: 50_000 } }
        : { body: { items: ENTRIES, nextCursor: ENTRIES[1]!.id, exportMaxRows: 50_000 } },
    );
    renderConsole("/ledger");
    await rows();
    await user.click(screen.getByRole("button", { name: "Xem thêm" }));
    await waitFor(async () => expect(await rows()).toHaveLength(3));
    expect(query(api.to("GET", LEDGER)[1]!)).toEqual({ after: ENTRIES[1]!.id, limit: "50" });
    expect(screen.queryByRole("button", { name: "Xem thêm" })).not.toBeInTheDocument();
  });

  it("shows a skeleton while loading, then an empty state with a next step", async () => {
    let answer: (reply: MockReply) => void = () => {};
    server(() => new Promise<MockReply>((resolve) => (answer = resolve)));
    renderConsole("/ledger");
    expect(await screen.findByTestId("ledger-skeleton")).toHaveAttribute("role", "status");
    answer({ body: { items: [], nextCursor: null, exportMaxRows: 50_000 } });
    expect(await screen.findByText("Chưa có giao dịch điểm nào")).toBeInTheDocument();
    expect(screen.getByText(/quét thẻ thành viên tại quầy/)).toBeInTheDocument();
    expect(within(screen.getByRole("main")).getByRole("link", { name: "Thành viên" })).toHaveAttribute("href", "/members");
  });

  it("offers to clear the filters when nothing matches them", async () => {
    const user = userEvent.setup();
    server(({ url }) =>
      url.searchParams.get("actorKind")
        ? { body: { items: [], nextCursor: null, exportMaxRows: 50_000 } }
        : { body: { items: ENTRIES, nextCursor: null, exportMaxRows: 50_000 } },
    );
    renderConsole("/ledger?actor=kind:game");
    expect(await screen.findByText("Không có giao dịch nào khớp bộ lọc")).toBeInTheDocument();
    const clear = screen.getAllByRole("button", { name: "Bỏ lọc" });
    await user.click(clear.at(-1)!);
    expect(await rows()).toHaveLength(2);
    expect(currentLocation().search).toBe("");
  });

  it("says what failed and lets the user try again", async () => {
    const user = userEvent.setup();
    let fail = true;
    server(() => (fail ? apiError(500, "internal") : { body: { items: ENTRIES, nextCursor: null, exportMaxRows: 50_000 } }));
    renderConsole("/ledger");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Không tải được sổ điểm.");
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Thử lại" }));
    expect(await rows()).toHaveLength(2);
  });

  it("exports exactly the filtered view as CSV with the session's token, and names the file", async () => {
    const user = userEvent.setup();
    const saved: { name: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.href });
    });
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:ledger"), revokeObjectURL: vi.fn() }));
    const api = server(undefined, {
      [`GET ${EXPORT}`]: {
        text: "\uFEFFThời điểm\r\n",
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": 'attachment; filename="so-diem_2025-06-01_2025-06-09.csv"',
        },
      },
    });
    renderConsole(`/ledger?actor=user:${STAFF_LAN_ID}&from=2025-06-01&to=2025-06-09`);
    await rows();
    await user.click(screen.getByRole("button", { name: "Xuất tệp" }));
    await waitFor(() => expect(saved).toEqual([{ name: "so-diem_2025-06-01_2025-06-09.csv", href: "blob:ledger" }]));
    const [request] = api.to("GET", EXPORT);
    expect(query(request!)).toEqual({ actorId: STAFF_LAN_ID, from: "2025-06-01", to: "2025-06-09", locale: "vi", format: "csv" });
    expect(request!.headers?.get("authorization")).toMatch(/^Bearer /);
    expect(await screen.findByText("Đã tải so-diem_2025-06-01_2025-06-09.csv.")).toBeInTheDocument();
  });

  it("shows the rows received of the count the server announced while the file streams", async () => {
    const user = userEvent.setup();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:ledger"), revokeObjectURL: vi.fn() }));
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (feed = c) });
    const bytes = (text: string) => new TextEncoder().encode(text);
    const api = server(undefined, {
      [`GET ${EXPORT}`]: { stream, headers: { "content-type": "text/csv; charset=utf-8", "x-row-count": "4" } },
    });
    renderConsole("/ledger");
    await rows();
    await user.click(screen.getByRole("button", { name: "Xuất tệp" }));
    // A quoted line break inside a cell is not a row.
    feed.enqueue(bytes('\uFEFFh\r\n"a\r\nb",1\r\n'));
    expect(await screen.findByText("1 / 4 dòng")).toBeInTheDocument();
    feed.enqueue(bytes("c\r\nd\r\n"));
    expect(await screen.findByText("3 / 4 dòng")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Đang xuất…" })).toBeDisabled();
    feed.enqueue(bytes("e\r\n"));
    feed.close();
    expect(await screen.findByText("Đã tải so-diem.csv.")).toBeInTheDocument();
    expect(screen.queryByText(/\/ 4 dòng/)).toBeNull();
    expect(query(api.to("GET", EXPORT)[0]!)).toMatchObject({ format: "csv" });
  });

  it("tells the user to narrow the filters when the export would be too large, with the server's ceiling", async () => {
    const user = userEvent.setup();
    // A server whose LEDGER_EXPORT_MAX_ROWS is raised: the hint and the refusal say its number, not 50.000.
    server(() => ({ body: { items: ENTRIES, nextCursor: null, exportMaxRows: 200_000 } }), {
      [`GET ${EXPORT}`]: { status: 422, body: { error: { code: "export_too_large", message: "too many", params: { max: 200_000 } } } },
    });
    renderConsole("/ledger");
    await rows();
    const button = screen.getByRole("button", { name: "Xuất tệp" });
    expect(button).toHaveAccessibleDescription(/tối đa 200\.000 dòng/);
    await user.click(button);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Có hơn 200.000 giao dịch khớp bộ lọc. Hãy chọn khoảng ngày ngắn hơn hoặc một người cụ thể, rồi xuất lại.",
    );
  });
});
