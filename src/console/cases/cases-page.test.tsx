import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseDetail, CaseList, CaseMetrics, CaseSummary } from "../../contract/cases";
import { meResponse, SIDEBAR_VI } from "../test-support/fixtures";
import { apiError, mockApi } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const STORE = { id: "00000000-0000-4000-8000-000000000001", name: "Cà Phê Mây Quận 1" };
const summary = (id: string, over: Partial<CaseSummary> = {}): CaseSummary => ({
  id,
  store: STORE,
  member: { id: "00000000-0000-4000-8000-0000000000a1", name: "Trần Thị Góp Ý", tier: "silver" },
  kind: "nps",
  score: 3,
  band: "detractor",
  openedScore: 3,
  answerChanged: false,
  comment: "Chờ 20 phút mới có đồ uống",
  status: "open",
  outcome: null,
  openedAt: "2026-12-04T02:00:00.000Z",
  dueAt: "2026-12-06T02:00:00.000Z",
  firstResponseAt: null,
  closedAt: null,
  sla: { colour: "red", overdue: true, elapsedPermille: 1100, remainingMs: -5 * 3_600_000 },
  assignedTo: null,
  ...over,
});
const A = "00000000-0000-4000-8000-0000000000c1";
const B = "00000000-0000-4000-8000-0000000000c2";
const LIST: CaseList = {
  items: [
    summary(A),
    summary(B, { sla: { colour: "green", overdue: false, elapsedPermille: 100, remainingMs: 40 * 3_600_000 }, comment: null }),
  ],
  total: 2,
  stores: [{ ...STORE, open: 2, overdue: 1 }],
};
const durations = { count: 0, medianMs: null, avgMs: null };
const METRICS: CaseMetrics = {
  days: 30,
  from: "2026-11-06T00:00:00.000Z",
  to: "2026-12-06T00:00:00.000Z",
  brand: { opened: 2, open: 2, overdue: 1, firstResponse: { count: 1, medianMs: 2 * 3_600_000, avgMs: 2 * 3_600_000 }, close: durations },
  stores: [],
};
const DETAIL: CaseDetail = {
  ...summary(A),
  answer: {
    id: "00000000-0000-4000-8000-0000000000d1",
    surveyId: "00000000-0000-4000-8000-0000000000e1",
    question: { vi: "Bạn có giới thiệu quán không?", en: "Would you recommend us?" },
    touchpoint: "post_purchase",
    answeredAt: "2026-12-04T02:00:00.000Z",
    reasons: [{ id: "slow", label: { vi: "Phục vụ chậm", en: "Slow service" } }],
    comment: "Chờ 20 phút mới có đồ uống",
  },
  transaction: null,
  recentVisits: [],
  events: [
    {
      id: "00000000-0000-4000-8000-0000000000f1",
      kind: "opened",
      at: "2026-12-04T02:00:00.000Z",
      actor: null,
      note: null,
      outcome: null,
      messageId: null,
      voucherId: null,
      fromScore: null,
      toScore: 3,
    },
  ],
  careTemplates: [],
  careAllowed: false,
};

describe("cases page", () => {
  it("is in the sidebar and lists cases oldest first with their SLA; a case opens beside the list and closes with confirmation", async () => {
    const posted: unknown[] = [];
    mockApi({
      "GET /api/me": { body: meResponse("manager") },
      "GET /api/console/cases": { body: LIST },
      "GET /api/console/cases/metrics": { body: METRICS },
      [`GET /api/console/cases/${A}`]: { body: DETAIL },
      "GET /api/console/rewards": { body: { items: [] } },
      [`POST /api/console/cases/${A}/close`]: (req) => {
        posted.push(req.body);
        return {
          body: {
            case: summary(A, { status: "closed", outcome: "resolved" }),
            event: { ...DETAIL.events[0]!, kind: "closed" },
            replayed: false,
          },
        };
      },
    });
    renderConsole("/cases");
    expect(await screen.findByRole("heading", { level: 1, name: "Phản hồi cần xử lý" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(
      within(nav)
        .getAllByRole("link")
        .map((l) => l.textContent),
    ).toEqual(SIDEBAR_VI);
    const table = await screen.findByRole("table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]!.textContent)).toEqual(["Quá hạn 5 giờ", "Còn 40 giờ"]);
    expect(screen.getByText("2 giờ")).toBeInTheDocument();

    await userEvent.click(within(rows[0]!).getByRole("button", { name: "Trần Thị Góp Ý" }));
    const panel = await screen.findByRole("complementary", { name: "Chi tiết phản hồi" });
    expect(await within(panel).findByText("Phục vụ chậm")).toBeInTheDocument();
    expect(within(panel).getByText("Thương hiệu chưa có mẫu ZNS chăm sóc khách hàng. Thêm mẫu ở trang Tin nhắn.")).toBeInTheDocument();
    await userEvent.click(within(panel).getByRole("button", { name: "Ghi kết quả và đóng" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("Đóng phản hồi với kết quả “Đã giải quyết”?");
    await userEvent.click(within(dialog).getByRole("button", { name: "Xác nhận" }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({ outcome: "resolved", idempotencyKey: expect.any(String) });
    expect(await within(panel).findByText("Đã đóng phản hồi.")).toBeInTheDocument();
  });

  it("says when nothing needs handling, and offers a retry when the list fails", async () => {
    let fail = true;
    mockApi({
      "GET /api/me": { body: meResponse("marketer") },
      "GET /api/console/cases": () => (fail ? apiError(500, "internal") : { body: { items: [], total: 0, stores: [] } }),
      "GET /api/console/cases/metrics": { body: METRICS },
    });
    renderConsole("/cases");
    expect(await screen.findByText("Không tải được danh sách phản hồi.")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByText("Không có phản hồi nào cần xử lý")).toBeInTheDocument();
    expect(screen.getByText("Bạn chỉ xem được. Quản lý cửa hàng mới liên hệ khách và đóng phản hồi.")).toBeInTheDocument();
  });
});
