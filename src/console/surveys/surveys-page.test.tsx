import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SurveyComments, SurveyDashboard } from "../../contract/survey-dashboard";
import type { ConsoleSurveyDetail } from "../../contract/surveys";
import { meResponse } from "../test-support/fixtures";
import { apiError, mockApi, type MockRequest } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const SURVEY_ID = "7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const STORE_A = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const STORE_B = "2c3d4e5f-6071-4b8c-9dae-1f2a3b4c5d6e";
const AT = "2026-06-20T03:00:00.000Z";

const SURVEY: ConsoleSurveyDetail = {
  id: SURVEY_ID,
  kind: "nps",
  name: "Sau khi mua hàng",
  question: { vi: "Bạn có giới thiệu Cà Phê Mây cho bạn bè không?", en: "Would you recommend Cà Phê Mây?" },
  followUps: {
    detractor: {
      prompt: { vi: "Điều gì chưa tốt?", en: "What went wrong?" },
      reasons: [{ id: "slow", label: { vi: "Phục vụ chậm", en: "Slow service" } }],
    },
  },
  touchpoint: "post_purchase",
  storeIds: null,
  channel: "in_app",
  rewardPoints: 20,
  throttleDays: 30,
  startsAt: null,
  endsAt: null,
  status: "draft",
  version: 2,
  createdAt: AT,
  updatedAt: AT,
  activatedAt: null,
  archivedAt: null,
  answers: 1234,
  versions: [
    { version: 1, createdAt: "2026-06-01T03:00:00.000Z", createdBy: "Đỗ Minh Châu" },
    { version: 2, createdAt: AT, createdBy: "Đỗ Minh Châu" },
  ],
};

const score = (n: number, positive: number, negative: number, s: number | null, moe: number | null) => ({
  n,
  positive,
  negative,
  sum: 0,
  score: s,
  marginOfError: moe,
  mean: null,
});

const DASHBOARD: SurveyDashboard = {
  kind: "nps",
  period: { weeks: 12, from: "2026-04-13", to: "2026-07-05" },
  total: score(6, 3, 2, 16.67, 71.8),
  weekly: [
    { week: "2026-06-15", score: score(2, 2, 0, 100, 0) },
    { week: "2026-06-22", score: score(3, 0, 2, -66.7, 53.3) },
    { week: "2026-06-29", score: score(0, 0, 0, null, null) },
  ],
  byStore: [{ storeId: STORE_A, storeName: "Cửa hàng A", score: score(3, 2, 1, 33.3, 60) }],
  byTouchpoint: [{ touchpoint: "post_purchase", score: score(6, 3, 2, 16.67, 71.8) }],
  bySurvey: [{ surveyId: SURVEY_ID, score: score(6, 3, 2, 16.67, 71.8) }],
  reasons: [{ band: "detractor", reason: "slow", label: { vi: "Phục vụ chậm", en: "Slow service" }, count: 2 }],
  channels: [{ channel: "in_app", asks: 10, answered: 4 }],
  sources: [{ source: "in_app", answers: 4 }],
};

const COMMENTS: SurveyComments = {
  comments: [
    {
      answerId: "9a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      surveyId: SURVEY_ID,
      score: 3,
      band: "detractor",
      reasons: ["slow"],
      comment: "Chờ quá lâu",
      storeId: STORE_A,
      storeName: "Cửa hàng A",
      touchpoint: "post_purchase",
      answeredAt: AT,
    },
  ],
  total: 1,
  page: 1,
  pageSize: 20,
};

function server(routes: Parameters<typeof mockApi>[0] = {}, role: "manager" | "marketer" = "manager") {
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/surveys": { body: { surveys: [SURVEY] } },
    "GET /api/console/survey-dashboard": { body: DASHBOARD },
    "GET /api/console/survey-dashboard/comments": { body: COMMENTS },
    "GET /api/console/stores": {
      body: {
        stores: [
          { id: STORE_A, name: "Cửa hàng A" },
          { id: STORE_B, name: "Cửa hàng B" },
        ],
      },
    },
    [`GET /api/console/surveys/${SURVEY_ID}`]: { body: SURVEY },
    ...routes,
  });
}

describe("surveys section", () => {
  it("lists surveys with status, type, channel, responses and the current score ± margin", async () => {
    const api = server();
    renderConsole("/surveys");
    expect(await screen.findByRole("heading", { level: 1, name: "Khảo sát" })).toBeInTheDocument();
    const table = await screen.findByRole("table");
    const row = within(table).getAllByRole("row")[1]!;
    await waitFor(() => expect(row).toHaveTextContent("+17 ± 72"));
    expect(row).toHaveTextContent("Sau khi mua hàng");
    expect(row).toHaveTextContent("Nháp");
    expect(row).toHaveTextContent("NPS");
    expect(row).toHaveTextContent("Trong Mini App");
    expect(row).toHaveTextContent("1.234");
    // One dashboard request per kind in the list, not one per survey.
    expect(api.to("GET", "/api/console/survey-dashboard").map((r) => r.url.searchParams.get("kind"))).toEqual(["nps"]);
  });

  it("with no surveys, says so and offers the first one", async () => {
    server({ "GET /api/console/surveys": { body: { surveys: [] } } });
    renderConsole("/surveys");
    await userEvent.click(await screen.findByRole("link", { name: "Tạo khảo sát đầu tiên" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Khảo sát mới" })).toBeInTheDocument();
  });

  it("a marketer creates surveys too, as the server lets them (the CX team's work), but not the brand-wide throttle", async () => {
    server({ "GET /api/console/surveys": { body: { surveys: [] } } }, "marketer");
    renderConsole("/surveys");
    await userEvent.click(await screen.findByRole("link", { name: "Tạo khảo sát đầu tiên" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Khảo sát mới" })).toBeInTheDocument();
    expect(screen.queryByText("Bạn đang xem ở chế độ chỉ đọc.")).not.toBeInTheDocument();
    expect(screen.getAllByRole("textbox").length).toBeGreaterThan(0);
    for (const box of screen.getAllByRole("textbox")) expect(box).not.toHaveAttribute("readonly");
  });

  it("a list that fails to load says so and retries", async () => {
    let fail = true;
    server({ "GET /api/console/surveys": () => (fail ? apiError(500, "internal") : { body: { surveys: [SURVEY] } }) });
    renderConsole("/surveys");
    expect(await screen.findByText("Không tải được danh sách khảo sát.")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByRole("link", { name: "Sau khi mua hàng" })).toBeInTheDocument();
  });

  it("creates a survey: shows problems in words next to their fields, then sends the definition", async () => {
    const created: MockRequest[] = [];
    server({
      "POST /api/console/surveys": (r) => {
        created.push(r);
        return { status: 201, body: { ...SURVEY, version: 1, name: "Sau mua" } };
      },
      [`GET /api/console/surveys/${SURVEY_ID}/links`]: { body: { deepLink: "https://zalo.me/s/123/survey/x", store: null } },
    });
    renderConsole("/surveys/new");
    const name = await screen.findByRole("textbox", { name: "Tên nội bộ" });
    const question = screen.getByRole("textbox", { name: "Câu hỏi (tiếng Việt)" });
    await userEvent.clear(question);
    await userEvent.click(screen.getByRole("button", { name: "Tạo khảo sát" }));
    expect(await screen.findByText("Chưa lưu được: còn 2 chỗ cần sửa, đánh dấu đỏ bên dưới.")).toBeInTheDocument();
    expect(name).toHaveAccessibleDescription(expect.stringContaining("Không được để trống."));
    expect(created).toHaveLength(0);

    await userEvent.type(name, "Sau mua");
    await userEvent.type(question, "Bạn thấy sao?");
    // A reason chip added to the detractors' follow-up, its id made from the label.
    await userEvent.type(screen.getByRole("textbox", { name: /Lý do mới \(tiếng Việt\) · Không hài lòng/ }), "Phục vụ chậm");
    await userEvent.click(screen.getAllByRole("button", { name: "Thêm lý do" })[0]!);
    expect(screen.getByRole("button", { name: "Xoá lý do “Phục vụ chậm”" })).toBeInTheDocument();
    // The preview shows the question and the 11-point scale.
    const preview = screen.getByTestId("survey-preview");
    expect(preview).toHaveTextContent("Bạn thấy sao?");
    expect(within(preview).getAllByRole("button")).toHaveLength(11);
    await userEvent.click(within(preview).getByRole("button", { name: "3" }));
    expect(preview).toHaveTextContent("Phục vụ chậm");

    await userEvent.click(screen.getByRole("button", { name: "Tạo khảo sát" }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]!.body).toMatchObject({
      kind: "nps",
      name: "Sau mua",
      question: { vi: "Bạn thấy sao?" },
      followUps: { detractor: { reasons: [{ id: "phuc_vu_cham", label: { vi: "Phục vụ chậm", en: "Phục vụ chậm" } }] } },
      channel: "in_app",
      rewardPoints: 0,
      throttleDays: 30,
      storeIds: null,
    });
    await waitFor(() => expect(currentLocation().pathname).toBe(`/surveys/${SURVEY_ID}`));
  });

  it("shows the server's survey_invalid problems next to their fields", async () => {
    server({
      "POST /api/console/surveys": {
        status: 422,
        body: { error: { code: "survey_invalid", message: "x", issues: [{ code: "store_unknown", field: "storeIds" }] } },
      },
    });
    renderConsole("/surveys/new");
    await userEvent.type(await screen.findByRole("textbox", { name: "Tên nội bộ" }), "Sau mua");
    await userEvent.click(screen.getByRole("button", { name: "Tạo khảo sát" }));
    expect(await screen.findByText("Cửa hàng này không thuộc thương hiệu.")).toBeInTheDocument();
  });

  it("activates a draft after confirmation", async () => {
    const activated: MockRequest[] = [];
    server({
      [`POST /api/console/surveys/${SURVEY_ID}/activate`]: (r) => {
        activated.push(r);
        return { body: { ...SURVEY, status: "active" } };
      },
    });
    renderConsole(`/surveys/${SURVEY_ID}?tab=history`);
    expect(await screen.findByText("Phiên bản 2")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Kích hoạt" }));
    const dialog = await screen.findByRole("dialog", { name: "Kích hoạt “Sau khi mua hàng”?" });
    expect(activated).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole("button", { name: "Kích hoạt" }));
    expect(await screen.findByText("Khảo sát đã được kích hoạt.")).toBeInTheDocument();
    expect(activated).toHaveLength(1);
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Đang chạy");
  });

  it("shows the deep link and a store's signed link as a QR code", async () => {
    const links = vi.fn((r: MockRequest) => {
      const storeId = r.url.searchParams.get("storeId");
      return {
        body: {
          deepLink: `https://zalo.me/s/123/survey/${SURVEY_ID}`,
          store: storeId
            ? { storeId, storeName: "Cửa hàng B", url: `https://zalo.me/s/123/survey/${SURVEY_ID}?t=signed`, expiresAt: AT }
            : null,
        },
      };
    });
    server({ [`GET /api/console/surveys/${SURVEY_ID}/links`]: links });
    renderConsole(`/surveys/${SURVEY_ID}?tab=links`);
    expect(await screen.findByDisplayValue(`https://zalo.me/s/123/survey/${SURVEY_ID}`)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Cửa hàng cho mã QR" }), STORE_B);
    expect(await screen.findByDisplayValue(`https://zalo.me/s/123/survey/${SURVEY_ID}?t=signed`)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole("img", { name: "Mã QR" })).toHaveAttribute("data-code", `https://zalo.me/s/123/survey/${SURVEY_ID}?t=signed`),
    );
    expect(screen.getByRole("img", { name: "Mã QR" }).querySelector("svg")).not.toBeNull();
    // The print-only card is in Vietnamese, with the question and the reward.
    const card = screen.getByTestId("print-card");
    expect(card).toHaveTextContent("Bạn có giới thiệu Cà Phê Mây cho bạn bè không?");
    expect(card).toHaveTextContent("Quét mã bằng Zalo");
    expect(card).toHaveTextContent("Tặng 20 điểm");
    const print = vi.fn();
    vi.stubGlobal("print", print);
    await userEvent.click(screen.getByRole("button", { name: "In thẻ để bàn A6" }));
    expect(print).toHaveBeenCalled();
  });

  it("shows the survey's results and filters its comments", async () => {
    const api = server();
    renderConsole(`/surveys/${SURVEY_ID}`);
    expect(await screen.findByTestId("total-score")).toHaveTextContent("+17± 72");
    expect(screen.getByText("6 phản hồi")).toBeInTheDocument();
    expect(screen.getByText(/4\/10 trả lời \(40\s?%\)/)).toBeInTheDocument();
    expect(await screen.findByText("Chờ quá lâu")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Nhóm điểm" }), "detractor");
    await waitFor(() =>
      expect(api.to("GET", "/api/console/survey-dashboard/comments").at(-1)!.url.searchParams.get("band")).toBe("detractor"),
    );
    expect(api.to("GET", "/api/console/survey-dashboard").at(-1)!.url.searchParams.get("surveyId")).toBe(SURVEY_ID);
  });

  it("exports the survey's answers from its results; a refusal is said in words", async () => {
    const file = `/api/console/exports/surveys/${SURVEY_ID}`;
    const api = server({ [`GET ${file}`]: { status: 404, body: { error: { code: "survey_not_found", message: "gone" } } } });
    renderConsole(`/surveys/${SURVEY_ID}`);
    await userEvent.click(await screen.findByRole("button", { name: "Xuất tệp" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Không xuất được tệp. Không tìm thấy khảo sát này.");
    expect(Object.fromEntries(api.to("GET", file)[0]!.url.searchParams)).toEqual({ locale: "vi", format: "csv" });
  });

  it("a dashboard that fails to load offers a retry", async () => {
    let fail = true;
    server({ "GET /api/console/survey-dashboard": () => (fail ? "network-error" : { body: DASHBOARD }) });
    renderConsole(`/surveys/${SURVEY_ID}`);
    expect(await screen.findByText("Không tải được số liệu khảo sát.")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getAllByRole("button", { name: "Thử lại" })[0]!);
    expect(await screen.findByTestId("total-score")).toBeInTheDocument();
  });
});

describe("survey settings (the throttle across surveys)", () => {
  const SETTINGS = { globalThrottleDays: 7, limits: { min: 0, max: 90, default: 7 }, changedAt: null, changedBy: null };

  it("a manager changes it: problems in words before sending, the server's range problem too, then saves and shows who changed it", async () => {
    const puts: MockRequest[] = [];
    let current: typeof SETTINGS | (Omit<typeof SETTINGS, "changedAt" | "changedBy"> & { changedAt: string; changedBy: string }) = SETTINGS;
    server({
      "GET /api/console/survey-settings": () => ({ body: current }),
      "PUT /api/console/survey-settings": (r) => {
        puts.push(r);
        const days = (r.body as { globalThrottleDays: number }).globalThrottleDays;
        if (days === 45)
          return {
            status: 422,
            body: {
              error: {
                code: "survey_settings_invalid",
                message: "x",
                issues: [{ code: "throttle_range", field: "globalThrottleDays", params: { min: 0, max: 30 } }],
              },
            },
          };
        current = { ...SETTINGS, globalThrottleDays: days, changedAt: AT, changedBy: "Đỗ Minh Châu" };
        return { body: current };
      },
    });
    renderConsole("/surveys?tab=settings");
    const input = await screen.findByRole("textbox", { name: "Khoảng cách giữa hai lần hỏi (ngày)" });
    expect(input).toHaveValue("7");
    expect(screen.getByText("Chưa đổi lần nào (mặc định 7 ngày).")).toBeInTheDocument();

    for (const typed of ["91", "7.5", ""]) {
      await userEvent.clear(input);
      if (typed) await userEvent.type(input, typed);
      await userEvent.click(screen.getByRole("button", { name: "Lưu" }));
      expect(input).toHaveAccessibleDescription(expect.stringContaining("Nhập số ngày từ 0 đến 90."));
    }
    expect(puts).toHaveLength(0);

    // The server's limits win over the page's (another console's deploy, a stricter brand rule).
    await userEvent.clear(input);
    await userEvent.type(input, "45");
    await userEvent.click(screen.getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(input).toHaveAccessibleDescription(expect.stringContaining("Nhập số ngày từ 0 đến 30.")));

    await userEvent.clear(input);
    await userEvent.type(input, "14");
    await userEvent.click(screen.getByRole("button", { name: "Lưu" }));
    expect(await screen.findByText("Đã lưu.")).toHaveAttribute("role", "status");
    expect(puts.at(-1)!.body).toEqual({ globalThrottleDays: 14 });
    expect(await screen.findByText(/Đổi lần cuối bởi Đỗ Minh Châu lúc/)).toBeInTheDocument();
    expect(input).toHaveValue("14");
  });

  it("a marketer reads it, with no field to change it", async () => {
    server(
      {
        "GET /api/console/survey-settings": {
          body: { ...SETTINGS, globalThrottleDays: 14, changedAt: AT, changedBy: "Đỗ Minh Châu" },
        },
      },
      "marketer",
    );
    renderConsole("/surveys");
    await userEvent.click(await screen.findByRole("tab", { name: "Cài đặt" }));
    expect(await screen.findByText("Tối đa 1 lần hỏi mỗi 14 ngày")).toBeInTheDocument();
    expect(screen.getByText(/Quản lý hoặc chủ thương hiệu mới đổi được/)).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Lưu" })).not.toBeInTheDocument();
    expect(currentLocation().search).toBe("?tab=settings");
  });

  it("a failed load says so and retries", async () => {
    let fail = true;
    server({ "GET /api/console/survey-settings": () => (fail ? apiError(500, "internal") : { body: SETTINGS }) });
    renderConsole("/surveys?tab=settings");
    expect(await screen.findByText("Không tải được cài đặt khảo sát.")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByRole("textbox", { name: "Khoảng cách giữa hai lần hỏi (ngày)" })).toHaveValue("7");
  });
});
