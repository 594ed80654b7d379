import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { MyFeedbackResponses } from "../../../contract/cases";
import type { MyOpenSurveys } from "../../../contract/surveys";
import { apiError, card, me, session, STORES, summary, uuid } from "../../test-utils/fixtures";
import { mockApi } from "../../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../../test-utils/render-app";

type Handler = Parameters<typeof mockApi>[0][string];
const noSurveys: MyOpenSurveys = { surveys: [] };
const TITLE = "Cửa hàng đã phản hồi góp ý của bạn";

function responsesApi(responses: Handler) {
  return mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/summary": { status: 200, body: summary() },
    "GET /members/me/surveys": { status: 200, body: noSurveys },
    "GET /members/me/feedback-responses": responses,
    "GET /members/me/vouchers": { status: 200, body: { items: [] } },
  });
}

const item = (overrides: Partial<MyFeedbackResponses["items"][number]> = {}): MyFeedbackResponses["items"][number] => ({
  caseId: uuid(801),
  store: STORES[0]!,
  kind: "nps",
  answeredAt: "2026-12-03T03:00:00.000Z",
  respondedAt: "2026-12-04T03:00:00.000Z",
  responses: ["called"],
  ...overrides,
});

/** Card → Account → "Khảo sát" (Surveys), the way a member gets there. */
async function openSurveys() {
  const app = renderApp();
  await screen.findByRole("img", { name: /QR/ });
  await app.user.click(screen.getByRole("button", { name: /Tài khoản|Account/ }));
  await app.user.click(await screen.findByRole("button", { name: /^(Khảo sát|Surveys)$/ }));
  return app;
}

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});

describe("the store's responses to the member's feedback (surveys page)", () => {
  it("lists each response with the store, the dates and what the store did", async () => {
    responsesApi({
      status: 200,
      body: { items: [item(), item({ caseId: uuid(802), store: null, responses: ["message", "resolved"] })] },
    });
    await openSurveys();
    const list = await screen.findByRole("region", { name: TITLE });
    const rows = list.querySelectorAll("li");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Cà Phê Mây — Cầu Giấy đã phản hồi góp ý của bạn");
    expect(rows[0]).toHaveTextContent("Góp ý ngày 03/12/2026 · phản hồi ngày 04/12/2026");
    expect(rows[0]).toHaveTextContent("Đã gọi điện cho bạn");
    expect(rows[1]).toHaveTextContent("Đã gửi tin nhắn cho bạn · Đã giải quyết");
    expect(screen.queryByRole("button", { name: "Xem voucher của tôi" })).not.toBeInTheDocument();
    // The open surveys' empty state is still there: the responses add to the page.
    expect(screen.getByRole("heading", { name: "Chưa có khảo sát nào" })).toBeInTheDocument();
  });

  it("an apology voucher links to My vouchers", async () => {
    responsesApi({ status: 200, body: { items: [item({ responses: ["called", "voucher"] })] } });
    const { user } = await openSurveys();
    expect(await screen.findByText("Đã gọi điện cho bạn · Đã tặng bạn một voucher")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Xem voucher của tôi" }));
    expect(await screen.findByRole("heading", { name: "Voucher của tôi" })).toBeInTheDocument();
  });

  it("speaks English when the app does", async () => {
    localStorage.setItem("ll.locale", "en");
    responsesApi({ status: 200, body: { items: [item({ responses: ["voucher"] })] } });
    await openSurveys();
    expect(await screen.findByRole("region", { name: "The store has responded to your feedback" })).toBeInTheDocument();
    expect(screen.getByText("Gave you a voucher")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "See my vouchers" })).toBeInTheDocument();
  });

  it("nothing to show: no section", async () => {
    const api = responsesApi({ status: 200, body: { items: [] } });
    await openSurveys();
    await screen.findByRole("heading", { name: "Chưa có khảo sát nào" });
    await waitFor(() => expect(api.callsTo("GET /members/me/feedback-responses").length).toBeGreaterThan(0));
    expect(screen.queryByRole("region", { name: TITLE })).not.toBeInTheDocument();
  });

  it("a failed load shows nothing and leaves the page working", async () => {
    const api = responsesApi({ status: 500, body: apiError("internal") });
    await openSurveys();
    await screen.findByRole("heading", { name: "Chưa có khảo sát nào" });
    await waitFor(() => expect(api.callsTo("GET /members/me/feedback-responses").length).toBeGreaterThan(0));
    expect(screen.queryByRole("region", { name: TITLE })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Về thẻ thành viên" })).toBeEnabled();
  });
});
