import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NOT_MEASURED, type Retention, type StoreLoop } from "../../contract/insights";
import { meResponse } from "../test-support/fixtures";
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

const RETENTION_URL = "/api/console/insights/retention";
const STORES_URL = "/api/console/insights/stores";

const RETENTION: Retention = {
  period: { days: 90, from: "2026-04-02", to: "2026-06-30" },
  repeat: { members: 4, repeaters: 3 },
  cohorts: [
    { cohort: "2026-04", size: 4, cells: [4, 2, 1] },
    { cohort: "2026-05", size: 0, cells: [0, 0] },
    { cohort: "2026-06", size: 2, cells: [2] },
  ],
  churn: { days: 90, everVisited: 10, churned: 3 },
  npsByChurn: { retained: { nps: 42.5, responses: 40 }, churned: { nps: null, responses: 0 } },
};

const STORE_A = "a0000000-0000-4000-8000-000000000001";
const STORE_B = "a0000000-0000-4000-8000-000000000002";
const LAN_ID = "b0000000-0000-4000-8000-000000000001";

const Q1 = {
  storeId: STORE_A,
  storeName: "Quận 1",
  pointsIssued: 50,
  liability: 65,
  messagesSent: 2,
  costVnd: 500,
  activeMembers: 4,
  repeaters: 1,
  weekly: [10, 20, 20],
  ...NOT_MEASURED,
};
const THU_DUC = {
  ...Q1,
  storeId: STORE_B,
  storeName: "Thủ Đức",
  pointsIssued: 120,
  liability: 98,
  messagesSent: 0,
  costVnd: 0,
  activeMembers: 2,
  repeaters: 2,
  weekly: [60, 0, 60],
};

const LOOP: StoreLoop = {
  period: { days: 90, from: "2026-04-02", to: "2026-06-30" },
  weeks: ["2026-06-10", "2026-06-17", "2026-06-24"],
  // Cases per store, and per scanner of the earn the answer was about.
  stores: [
    { ...Q1, nps: 25, npsResponses: 4, openCases: 2, overdueCases: 1 },
    { ...THU_DUC, openCases: 0, overdueCases: 0 },
  ],
  // Lan scanned everything at Quận 1; Thủ Đức's earns came from the till, with no person.
  scanners: [
    { ...Q1, userId: LAN_ID, name: "Lan", openCases: 2, overdueCases: 1 },
    { ...THU_DUC, userId: null, name: null, openCases: 0, overdueCases: 0 },
  ],
  brand: { messagesSent: 5, costVnd: 1200, pointsIssued: 170, liability: 163 },
  prices: { transaction: 200, customer_care: 200, promotion: 300 },
};

function server(routes: Record<string, (r: MockRequest) => MockReply | Promise<MockReply>>) {
  return mockApi({ "GET /api/me": { body: meResponse("marketer") }, ...routes });
}

const bodyRows = (table: HTMLElement) => within(table).getAllByRole("row").slice(1);

describe("retention page", () => {
  it("is in the sidebar and shows the repeat rate, churn and the cohort grid as percentages", async () => {
    const api = server({ [`GET ${RETENTION_URL}`]: () => ({ body: RETENTION }) });
    renderConsole("/retention");
    expect(await screen.findByRole("heading", { level: 1, name: "Khách hàng quay lại" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(within(nav).getByRole("link", { name: "Khách hàng quay lại" })).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("repeat-rate")).toHaveTextContent("75%");
    expect(screen.getByTestId("churned")).toHaveTextContent("3");
    expect(screen.getByText("Không ghé trong 90 ngày, trên 10 khách từng ghé")).toBeInTheDocument();
    expect(screen.getByTestId("nps-retained")).toHaveTextContent("+43");
    // Nobody churned has answered: a dash, not 0.
    expect(screen.getByTestId("nps-churned")).toHaveTextContent("—");

    const grid = screen.getByRole("table", { name: "Giữ chân theo tháng ghé lần đầu" });
    const [april, may, june] = bodyRows(grid);
    expect(
      within(april!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["4", "100%", "50%", "25%"]);
    // A month with no new members has nothing to shade, not 0%.
    expect(
      within(may!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["0", "", "", ""]);
    expect(
      within(june!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["2", "100%", "", ""]);
    expect(api.to("GET", RETENTION_URL)[0]!.url.searchParams.get("days")).toBe("90");
  });

  it("asks for another period when one is chosen, and keeps it in the URL", async () => {
    const api = server({ [`GET ${RETENTION_URL}`]: () => ({ body: RETENTION }) });
    renderConsole("/retention");
    await screen.findByTestId("repeat-rate");
    await userEvent.click(screen.getByRole("button", { name: "30 ngày" }));
    await waitFor(() => expect(api.to("GET", RETENTION_URL).at(-1)!.url.searchParams.get("days")).toBe("30"));
    expect(currentLocation().searchParams.get("days")).toBe("30");
    expect(screen.getByRole("button", { name: "30 ngày" })).toHaveAttribute("aria-pressed", "true");
  });

  it("shows a skeleton while the figures load", async () => {
    let answer: (reply: MockReply) => void = () => {};
    server({ [`GET ${RETENTION_URL}`]: () => new Promise<MockReply>((resolve) => (answer = resolve)) });
    renderConsole("/retention");
    expect(await screen.findByTestId("retention-skeleton")).toBeInTheDocument();
    answer({ body: RETENTION });
    expect(await screen.findByTestId("repeat-rate")).toHaveTextContent("75%");
    expect(screen.queryByTestId("retention-skeleton")).not.toBeInTheDocument();
  });

  it("shows an error with a retry that loads", async () => {
    let calls = 0;
    server({ [`GET ${RETENTION_URL}`]: () => (++calls === 1 ? apiError(500, "internal") : { body: RETENTION }) });
    renderConsole("/retention");
    expect(await screen.findByText("Không tải được số liệu quay lại.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByTestId("repeat-rate")).toHaveTextContent("75%");
  });

  it("says what to do when nobody has visited yet", async () => {
    const empty: Retention = { ...RETENTION, repeat: { members: 0, repeaters: 0 }, churn: { days: 90, everVisited: 0, churned: 0 } };
    server({ [`GET ${RETENTION_URL}`]: () => ({ body: empty }) });
    renderConsole("/retention");
    expect(await screen.findByText("Chưa có lượt ghé nào")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Xem sổ điểm" })).toHaveAttribute("href", "/ledger");
  });
});

describe("store loop page", () => {
  const names = (table: HTMLElement) => bodyRows(table).map((r) => within(r).getByRole("rowheader").textContent);

  it("lists the stores sorted by points issued, sorts by a column on request, and says what is not measured", async () => {
    server({ [`GET ${STORES_URL}`]: () => ({ body: LOOP }) });
    renderConsole("/stores");
    expect(await screen.findByRole("heading", { level: 1, name: "Hiệu quả cửa hàng" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Số liệu theo cửa hàng, bấm tiêu đề cột để sắp xếp" });
    expect(names(table)).toEqual(["Thủ Đức", "Quận 1"]);
    const q1 = bodyRows(table)[1]!;
    const cells = within(q1)
      .getAllByRole("cell")
      .map((c) => c.textContent);
    expect(cells[0]).toBe("254 trả lời"); // NPS 25, from 4 answers
    expect(cells[1]).toBe("—"); // CSAT: no answers in the period
    expect(cells[2]).toBe("2 / 1"); // open / overdue cases
    expect(within(bodyRows(table)[0]!).getAllByRole("cell")[2]!.textContent).toBe("0 / 0");
    expect(cells).toContain("500\u00a0₫");
    expect(cells).toContain("25%");
    expect(within(q1).getByText("Điểm tặng 3 tuần gần nhất: 10, 20, 20")).toBeInTheDocument();

    await userEvent.click(within(table).getByRole("button", { name: /Chi phí ước tính/ }));
    expect(names(table)).toEqual(["Quận 1", "Thủ Đức"]);
    expect(within(table).getByRole("columnheader", { name: /Chi phí ước tính/ })).toHaveAttribute("aria-sort", "descending");
    await userEvent.click(within(table).getByRole("button", { name: /Chi phí ước tính/ }));
    expect(names(table)).toEqual(["Thủ Đức", "Quận 1"]);

    expect(screen.getByText(/Chi phí ước tính 1\.200\s₫/)).toBeInTheDocument();
  });

  it("switches to scanners, naming earns with no person", async () => {
    server({ [`GET ${STORES_URL}`]: () => ({ body: LOOP }) });
    renderConsole("/stores");
    await screen.findByRole("table", { name: /theo cửa hàng/ });
    await userEvent.click(screen.getByRole("button", { name: "Nhân viên quét" }));
    const table = await screen.findByRole("table", { name: /theo nhân viên quét/ });
    expect(names(table)).toEqual(["Nhập từ máy tính tiềnThủ Đức", "LanQuận 1"]);
    // Cases of the answers about each scanner's earns: open / overdue.
    expect(within(bodyRows(table)[1]!).getAllByRole("cell")[2]!.textContent).toBe("2 / 1");
    expect(within(bodyRows(table)[0]!).getAllByRole("cell")[2]!.textContent).toBe("0 / 0");
  });

  it("shows an error with a retry, and an empty state with a next step", async () => {
    let calls = 0;
    server({
      [`GET ${STORES_URL}`]: () => (++calls === 1 ? "network-error" : { body: { ...LOOP, stores: [], scanners: [] } }),
    });
    renderConsole("/stores");
    expect(await screen.findByText("Không tải được số liệu cửa hàng.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByText("Chưa có cửa hàng nào")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Xem thành viên" })).toHaveAttribute("href", "/members");
  });
});
