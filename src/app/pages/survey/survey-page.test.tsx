import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventName, events } from "zmp-sdk/apis";
import type { AnswerResponse, MyOpenSurveys, SurveyView } from "../../../contract/surveys";
import { apiError, card, me, session, STORES, summary, uuid } from "../../test-utils/fixtures";
import { mockApi, type Call } from "../../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../../test-utils/render-app";
import { deepLinkPath } from "../../platform/deep-links";
import { loadZaloSdk } from "../../platform/zalo-sdk";

const SURVEY = uuid(501);
const ANSWER = uuid(601);
const TOKEN = "eyJzIjoxfQ.c2lnbmF0dXJl";
const KEY_RE = /^[A-Za-z0-9._:-]{8,100}$/;
const NOW = Date.UTC(2026, 11, 6, 3, 0, 0);

function view(overrides: Partial<SurveyView> = {}): SurveyView {
  return {
    surveyId: SURVEY,
    version: 1,
    kind: "nps",
    scale: { min: 0, max: 10 },
    bands: [
      { id: "detractor", min: 0, max: 6, sentiment: "negative" },
      { id: "passive", min: 7, max: 8, sentiment: "neutral" },
      { id: "promoter", min: 9, max: 10, sentiment: "positive" },
    ],
    question: { vi: "Bạn có sẵn lòng giới thiệu Cà Phê Mây cho bạn bè?", en: "Would you recommend Cà Phê Mây to a friend?" },
    followUps: {
      detractor: {
        prompt: { vi: "Điều gì chưa ổn?", en: "What went wrong?" },
        reasons: [
          { id: "slow", label: { vi: "Chờ lâu", en: "Slow service" } },
          { id: "taste", label: { vi: "Đồ uống chưa ngon", en: "Drinks" } },
        ],
      },
      promoter: { prompt: { vi: "Bạn thích điều gì nhất?", en: "What did you love?" }, reasons: [] },
    },
    touchpoint: "post_purchase",
    store: STORES[0]!,
    rewardPoints: 20,
    open: true,
    closedReason: null,
    throttledUntil: null,
    myAnswer: null,
    tokenNotice: null,
    ...overrides,
  };
}

function answerResponse(score: number, overrides: Partial<AnswerResponse> = {}): AnswerResponse {
  const detractor = score <= 6;
  return {
    answerId: ANSWER,
    surveyId: SURVEY,
    version: 1,
    score,
    band: detractor ? "detractor" : score <= 8 ? "passive" : "promoter",
    answeredAt: new Date(NOW).toISOString(),
    canChangeUntil: new Date(NOW + 10 * 60_000).toISOString(),
    changed: false,
    replayed: false,
    rewardCredited: 20,
    rewardPoints: 20,
    followUp: detractor
      ? {
          band: "detractor",
          sentiment: "negative",
          commentMax: 500,
          prompt: { vi: "Điều gì chưa ổn?", en: "What went wrong?" },
          reasons: view().followUps.detractor!.reasons,
        }
      : null,
    tokenNotice: null,
    ...overrides,
  };
}

const noSurveys: MyOpenSurveys = { surveys: [] };

type Handler = Parameters<typeof mockApi>[0][string];
function surveyApi(routes: { view?: Handler; answer?: Handler; followUp?: Handler; open?: Handler } = {}) {
  return mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/summary": { status: 200, body: summary() },
    "GET /members/me/surveys": routes.open ?? { status: 200, body: noSurveys },
    [`GET /members/me/surveys/${SURVEY}`]: routes.view ?? { status: 200, body: view() },
    [`POST /members/me/surveys/${SURVEY}/answers`]: routes.answer ?? ((call: Call) => answerOf(call)),
    [`PUT /members/me/survey-answers/${ANSWER}/follow-up`]: routes.followUp ?? followUpOk,
  });
}

function answerOf(call: Call) {
  return { status: 201, body: answerResponse((call.body as { score: number }).score) };
}
function followUpOk(call: Call) {
  const body = call.body as { reasons: string[]; comment: string | null };
  return { status: 200, body: { answerId: ANSWER, band: "detractor", ...body, followedUpAt: new Date(NOW).toISOString() } };
}

/** Opens the app the way a survey link does: at /survey/<id>?t=<token>. */
async function openLink(path = `/survey/${SURVEY}?t=${TOKEN}`) {
  window.history.replaceState(null, "", path);
  const app = renderApp();
  await screen.findByRole("heading", { name: view().question.vi });
  return app;
}

const step = (score: number) => screen.getByRole("button", { name: `Chọn ${score}` });

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

describe("survey page", () => {
  it("opens from its link with the token, and shows NPS as 11 targets with labelled ends", async () => {
    const api = surveyApi();
    await openLink();
    expect(api.callsTo(`GET /members/me/surveys/${SURVEY}`)[0]?.query).toEqual({ t: TOKEN });
    const scale = screen.getByRole("group", { name: "Thang điểm từ 0 đến 10" });
    expect(
      within(scale)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(scale).toHaveTextContent("0 · Không có khả năng");
    expect(scale).toHaveTextContent("10 · Rất sẵn lòng");
    expect(screen.getByText("Tại Cà Phê Mây — Cầu Giấy")).toBeInTheDocument();
    expect(screen.getByText("Trả lời để nhận 20 điểm")).toBeInTheDocument();
    // The address bar no longer says /survey: a later visit to the start is not the link again.
    expect(window.location.pathname).toBe("/");
  });

  it("tap 3: posts the answer once, asks the detractor's follow-up with its reasons, then thanks with the reward", async () => {
    const api = surveyApi();
    const { user } = await openLink();

    await user.click(step(3));

    expect(step(3)).toHaveAttribute("aria-pressed", "true");
    const followUp = await screen.findByRole("region", { name: "Điều gì chưa ổn?" });
    const posts = api.callsTo(`POST /members/me/surveys/${SURVEY}/answers`);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({ score: 3, clientAnswerId: expect.stringMatching(KEY_RE), token: TOKEN });
    expect(screen.getByTestId("survey-change-until")).toHaveTextContent("Bạn có thể đổi câu trả lời đến 10:10.");

    await user.click(within(followUp).getByRole("button", { name: "Chờ lâu" }));
    expect(within(followUp).getByRole("button", { name: "Chờ lâu" })).toHaveAttribute("aria-pressed", "true");
    await user.type(within(followUp).getByLabelText("Góp ý thêm (không bắt buộc)"), "Đợi 20 phút");
    expect(followUp).toHaveTextContent("11/500 ký tự");
    await user.click(within(followUp).getByRole("button", { name: "Gửi góp ý" }));

    expect(await screen.findByRole("heading", { name: "Cảm ơn bạn!" })).toBeInTheDocument();
    expect(screen.getByTestId("survey-reward")).toHaveTextContent("+20 điểm đã được cộng vào tài khoản.");
    expect(api.callsTo(`PUT /members/me/survey-answers/${ANSWER}/follow-up`).map((c) => c.body)).toEqual([
      { reasons: ["slow"], comment: "Đợi 20 phút" },
    ]);
    expect(api.callsTo(`POST /members/me/surveys/${SURVEY}/answers`)).toHaveLength(1);
  });

  it("a promoter's follow-up has no reasons and can be skipped", async () => {
    surveyApi();
    const { user } = await openLink();
    await user.click(step(10));
    await screen.findByRole("heading", { name: "Cảm ơn bạn!" });
    // answerResponse gives no follow-up prompt for a promoter: straight to the thanks.
    expect(screen.queryByRole("button", { name: "Chờ lâu" })).not.toBeInTheDocument();
  });

  it("keeps a tap made offline on the phone and sends it, with the same clientAnswerId, when the network is back", async () => {
    let online = false;
    const api = surveyApi({ answer: (call) => (online ? answerOf(call) : "network-error") });
    const { user } = await openLink();

    await user.click(step(3));

    expect(await screen.findByText("Đã lưu, sẽ gửi khi có mạng")).toBeInTheDocument();
    expect(step(3)).toHaveAttribute("aria-pressed", "true");
    const [first] = api.callsTo(`POST /members/me/surveys/${SURVEY}/answers`);
    const clientAnswerId = (first?.body as { clientAnswerId: string }).clientAnswerId;
    const stored = JSON.parse(localStorage.getItem("ll.surveyQueue") ?? "[]") as { clientAnswerId: string; score: number }[];
    expect(stored).toMatchObject([{ clientAnswerId, score: 3 }]);

    // The follow-up works offline too: it rides with the waiting tap.
    const followUp = await screen.findByRole("region", { name: "Điều gì chưa ổn?" });
    await user.click(within(followUp).getByRole("button", { name: "Đồ uống chưa ngon" }));
    await user.click(within(followUp).getByRole("button", { name: "Gửi góp ý" }));
    await screen.findByRole("heading", { name: "Cảm ơn bạn!" });
    expect(screen.getByText("Bạn sẽ nhận 20 điểm khi câu trả lời được gửi.")).toBeInTheDocument();

    online = true;
    act(() => void window.dispatchEvent(new Event("online")));

    await waitFor(() => expect(localStorage.getItem("ll.surveyQueue")).toBeNull());
    const posts = api.callsTo(`POST /members/me/surveys/${SURVEY}/answers`);
    expect(posts.map((p) => p.body)).toEqual([
      { score: 3, clientAnswerId, token: TOKEN },
      { score: 3, clientAnswerId, token: TOKEN },
    ]);
    expect(api.callsTo(`PUT /members/me/survey-answers/${ANSWER}/follow-up`).map((c) => c.body)).toEqual([
      { reasons: ["taste"], comment: null },
    ]);
  });

  it("never loses a waiting tap: the next start of the app sends it", async () => {
    const offline = surveyApi({ answer: "network-error" });
    const first = await openLink();
    await first.user.click(step(4));
    await screen.findByText("Đã lưu, sẽ gửi khi có mạng");
    const clientAnswerId = (offline.callsTo(`POST /members/me/surveys/${SURVEY}/answers`)[0]?.body as { clientAnswerId: string })
      .clientAnswerId;
    first.unmount();

    // The app is closed and opened again later, on the card, with the network back.
    const api = surveyApi();
    renderApp();
    await waitFor(() => expect(api.callsTo(`POST /members/me/surveys/${SURVEY}/answers`)).toHaveLength(1));
    expect(api.callsTo(`POST /members/me/surveys/${SURVEY}/answers`)[0]?.body).toEqual({ score: 4, clientAnswerId, token: TOKEN });
    await waitFor(() => expect(localStorage.getItem("ll.surveyQueue")).toBeNull());
  });

  it("after the change window, says the answer can no longer be changed and keeps the first one", async () => {
    const answered = {
      answerId: ANSWER,
      score: 8,
      band: "passive" as const,
      answeredAt: new Date(NOW - 5 * 60_000).toISOString(),
      canChangeUntil: new Date(NOW + 5 * 60_000).toISOString(),
      reasons: [],
      comment: null,
    };
    const api = surveyApi({
      view: { status: 200, body: view({ myAnswer: answered }) },
      answer: { status: 409, body: apiError("survey_change_closed") },
    });
    const { user } = await openLink();
    expect(step(8)).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("survey-change-until")).toHaveTextContent("đến 10:05");

    await user.click(step(2));

    expect(await screen.findByRole("alert")).toHaveTextContent("Câu trả lời đã được ghi nhận và không thể thay đổi nữa.");
    expect(step(8)).toHaveAttribute("aria-pressed", "true");
    expect(step(2)).toHaveAttribute("aria-pressed", "false");
    expect(step(2)).toBeDisabled();
    expect(api.callsTo(`POST /members/me/surveys/${SURVEY}/answers`)).toHaveLength(1);
    expect(localStorage.getItem("ll.surveyQueue")).toBeNull();
  });

  it("an expired link still lets the member answer as themselves, with a gentle notice", async () => {
    surveyApi({ view: { status: 200, body: view({ tokenNotice: "survey_token_expired" }) } });
    const { user } = await openLink();
    const notice = screen.getByText("Liên kết khảo sát đã hết hạn. Câu trả lời vẫn được ghi nhận cho tài khoản của bạn.");
    expect(notice.closest("[role]")).toHaveAttribute("role", "status");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    await user.click(step(9));
    await screen.findByRole("heading", { name: "Cảm ơn bạn!" });
  });

  it("CSAT is five stars and CES seven steps, each with labelled ends", async () => {
    surveyApi({ view: { status: 200, body: view({ kind: "csat", scale: { min: 1, max: 5 } }) } });
    const { user, unmount } = await openLink();
    const stars = screen.getByRole("group", { name: "Thang điểm từ 1 đến 5" });
    expect(within(stars).getAllByRole("button")).toHaveLength(5);
    expect(stars).toHaveTextContent("1 · Rất không hài lòng");
    expect(stars).toHaveTextContent("5 · Rất hài lòng");
    void user;
    unmount();

    surveyApi({ view: { status: 200, body: view({ kind: "ces", scale: { min: 1, max: 7 } }) } });
    await openLink();
    const ces = screen.getByRole("group", { name: "Thang điểm từ 1 đến 7" });
    expect(within(ces).getAllByRole("button")).toHaveLength(7);
    expect(ces).toHaveTextContent("1 · Rất khó");
    expect(ces).toHaveTextContent("7 · Rất dễ");
  });

  it("a survey that is not found says so and offers the way back to the card", async () => {
    surveyApi({ view: { status: 404, body: apiError("survey_not_found") } });
    window.history.replaceState(null, "", `/survey/${SURVEY}`);
    const { user } = renderApp();
    expect(await screen.findByRole("alert")).toHaveTextContent("Không tìm thấy khảo sát này. Có thể liên kết đã cũ.");
    await user.click(screen.getByRole("button", { name: "Về thẻ thành viên" }));
    expect(await screen.findByRole("img", { name: "Mã QR thành viên" })).toBeInTheDocument();
  });
});

describe("surveys from the account page and the card", () => {
  const ask = (overrides: Partial<MyOpenSurveys["surveys"][number]> = {}): MyOpenSurveys["surveys"][number] => ({
    surveyId: SURVEY,
    askId: uuid(701),
    kind: "nps",
    question: view().question,
    touchpoint: "post_purchase",
    store: STORES[0]!,
    rewardPoints: 20,
    askedAt: new Date(NOW - 60_000).toISOString(),
    expiresAt: new Date(NOW + 3 * 86_400_000).toISOString(),
    token: TOKEN,
    ...overrides,
  });

  it("the account page lists open surveys; none is an empty state with a next step", async () => {
    let surveys: MyOpenSurveys = noSurveys;
    surveyApi({ open: () => ({ status: 200, body: surveys }) });
    const { user } = renderApp();
    await screen.findByRole("img", { name: "Mã QR thành viên" });
    await user.click(screen.getByRole("button", { name: "Tài khoản" }));
    await user.click(await screen.findByRole("button", { name: "Khảo sát" }));
    expect(await screen.findByRole("heading", { name: "Chưa có khảo sát nào" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Về thẻ thành viên" })).toBeInTheDocument();

    surveys = { surveys: [ask()] };
    act(() => void document.dispatchEvent(new Event("visibilitychange")));
    const item = await screen.findByRole("button", { name: /Bạn có sẵn lòng giới thiệu/ });
    expect(item).toHaveTextContent("Cà Phê Mây — Cầu Giấy · Đến 09/12/2026");
    expect(item).toHaveTextContent("+20 điểm");
    await user.click(item);
    await screen.findByRole("heading", { name: view().question.vi });
  });

  it("the card shows a pending ask as a dismissible prompt after the card itself", async () => {
    const api = surveyApi({ open: { status: 200, body: { surveys: [ask()] } } });
    const { user } = renderApp();
    await screen.findByRole("img", { name: "Mã QR thành viên" });
    const prompt = await screen.findByRole("complementary", { name: "Lần ghé Cà Phê Mây — Cầu Giấy hôm nay thế nào?" });
    // The card asked for itself before the prompt asked for the surveys.
    const order = api.calls.map((c) => `${c.method} ${c.path}`);
    expect(order.indexOf("GET /members/me/card")).toBeLessThan(order.indexOf("GET /members/me/surveys"));

    await user.click(within(prompt).getByRole("button", { name: "Đóng" }));
    await waitFor(() => expect(screen.queryByRole("complementary")).not.toBeInTheDocument());
    expect(JSON.parse(localStorage.getItem("ll.surveyPromptsDismissed") ?? "[]")).toEqual([uuid(701)]);
  });

  it("the prompt opens the survey with the ask's token", async () => {
    const api = surveyApi({ open: { status: 200, body: { surveys: [ask()] } } });
    const { user } = renderApp();
    const prompt = await screen.findByRole("complementary");
    await user.click(within(prompt).getByRole("button", { name: "Đánh giá ngay" }));
    await screen.findByRole("heading", { name: view().question.vi });
    expect(api.callsTo(`GET /members/me/surveys/${SURVEY}`)[0]?.query).toEqual({ t: TOKEN });
  });
});

describe("a survey link opened while the app is running (Zalo's OpenApp event)", () => {
  it("opens the survey over the page that was open, with its token; back returns there; a bare reopen stays put", async () => {
    // Inside Zalo: the host sends OpenApp to the running app through zmp-sdk (loaded on demand).
    vi.stubGlobal("ZJSBridge", {});
    const acknowledge = vi.fn();
    vi.stubGlobal("ZaloJavaScriptInterface", { jsH5EventCallback: acknowledge });
    const api = surveyApi();
    renderApp();
    await screen.findByRole("button", { name: "Lịch sử điểm" });
    await loadZaloSdk(); // the app subscribed when the SDK arrived

    // What zmp-sdk hands the app after converting the host's URL (apis/common/eventEmitter.js).
    act(() => void events.emit(EventName.OpenApp, "open-1", { path: "/" }));
    expect(screen.getByRole("button", { name: "Lịch sử điểm" })).toBeInTheDocument();

    act(() => void events.emit(EventName.OpenApp, "open-2", { path: `/survey/${SURVEY}?t=${TOKEN}` }));
    expect(await screen.findByRole("heading", { name: view().question.vi })).toBeInTheDocument();
    expect(api.callsTo(`GET /members/me/surveys/${SURVEY}`).at(-1)?.query).toEqual({ t: TOKEN });
    expect(acknowledge).toHaveBeenCalledWith("open-2", EventName.OpenApp, "");

    // The host's own data, when the SDK could not convert it: the runtime URL, read the same way.
    const other = `${TOKEN}x`;
    act(() => void events.emit(EventName.OpenApp, "open-3", { url: `https://h5.zdn.vn/zapps/1234/survey/${SURVEY}?t=${other}` }));
    await waitFor(() => expect(api.callsTo(`GET /members/me/surveys/${SURVEY}`).at(-1)?.query).toEqual({ t: other }));

    // Each link is a page of its own: back (Zalo's back button, the browser's here) returns to the one before.
    act(() => window.history.back());
    await waitFor(() => expect(api.callsTo(`GET /members/me/surveys/${SURVEY}`).at(-1)?.query).toEqual({ t: TOKEN }));
  });
});

describe("deepLinkPath", () => {
  it("takes the SDK's path, or the host's URL without the app's prefix; refuses what is no in-app page", () => {
    expect(deepLinkPath({ path: `/survey/${SURVEY}?t=${TOKEN}` })).toBe(`/survey/${SURVEY}?t=${TOKEN}`);
    expect(deepLinkPath({ url: `https://h5.zdn.vn/zapps/1234/survey/${SURVEY}?t=${TOKEN}` })).toBe(`/survey/${SURVEY}?t=${TOKEN}`);
    expect(deepLinkPath({ url: `https://zalo.me/s/1234/survey/${SURVEY}?t=${TOKEN}` })).toBe(`/survey/${SURVEY}?t=${TOKEN}`);
    for (const data of [
      { path: "/" },
      { path: "" },
      { path: "//evil.example/x" },
      { url: "https://zalo.me/s/1234/" },
      { url: "not a url" },
      null,
      "x",
      42,
      {},
    ])
      expect(deepLinkPath(data)).toBeNull();
  });
});
