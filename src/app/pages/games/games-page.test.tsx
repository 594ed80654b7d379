import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckinResponse, CheckinState } from "../../../contract/checkin";
import type { GameCampaignView, GameRules, MyGames, SpinResponse } from "../../../contract/game";
import type { MyReferrals } from "../../../contract/referrals";
import { segmentAtRotation } from "../../../domain/game/wheel-geometry";
import { card, me, session, summary, uuid } from "../../test-utils/fixtures";
import { mockApi, type Call } from "../../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../../test-utils/render-app";

const CAMPAIGN = uuid(901);
const NOW = Date.UTC(2026, 11, 6, 3, 0, 0);
const KEY_RE = /^[A-Za-z0-9._:-]{8,100}$/;

const SEGMENTS: GameCampaignView["segments"] = [
  { id: "p10", label: { vi: "10 điểm", en: "10 points" }, color: "#0b6e4f", prize: "points", value: 10, rewardName: null },
  { id: "none", label: { vi: "Chúc may mắn", en: "Good luck" }, color: "#fde68a", prize: "nothing", value: 0, rewardName: null },
  { id: "p50", label: { vi: "50 điểm", en: "50 points" }, color: "#1d4ed8", prize: "points", value: 50, rewardName: null },
  { id: "tea", label: { vi: "Trà sữa", en: "Milk tea" }, color: "#f97316", prize: "reward", value: 0, rewardName: "Trà sữa miễn phí" },
];

function campaign(overrides: Partial<GameCampaignView> = {}): GameCampaignView {
  return {
    campaignId: CAMPAIGN,
    version: 1,
    name: { vi: "Vòng quay Tết", en: "New Year wheel" },
    segments: SEGMENTS,
    startsAt: "2026-12-01T00:00:00.000Z",
    endsAt: "2026-12-31T16:59:59.000Z",
    runState: "running",
    failedGate: null,
    budget: { state: "open", scope: null, reason: null },
    plays: { free: 1, extra: 0, total: 1, dailyCapReached: false },
    playPricePoints: 100,
    extraPlays: { profile_completed: 1, survey_answered: 1, followed_oa: 1, purchase_over_amount: 0 },
    purchaseMinVnd: 0,
    grantedOnce: [],
    blockedBy: null,
    ...overrides,
  };
}

const games = (c: GameCampaignView = campaign(), balance = 1200): MyGames => ({ campaigns: [c], balance });

function spinResponse(index: number, overrides: Partial<SpinResponse> = {}): SpinResponse {
  const prize = SEGMENTS[index]!;
  return {
    drawId: uuid(700 + index),
    campaignId: CAMPAIGN,
    version: 1,
    segmentIndex: index,
    segmentId: prize.id,
    prize,
    pointsWon: prize.prize === "points" ? prize.value : 0,
    balance: 1200 + (prize.prize === "points" ? prize.value : 0),
    voucher: null,
    plays: { free: 0, extra: 0, total: 0, dailyCapReached: false },
    drawnAt: new Date(NOW).toISOString(),
    replayed: false,
    ...overrides,
  };
}

const RULES: GameRules = {
  campaignId: CAMPAIGN,
  version: 1,
  name: { vi: "Vòng quay Tết", en: "New Year wheel" },
  prizes: SEGMENTS.map((s, i) => ({
    ...s,
    probability: { numerator: [10, 60, 5, 0][i]!, denominator: 75, percent: [13.33, 80, 6.67, 0][i]! },
    stockLeft: [null, null, 20, 0][i]!,
    blocked: i === 3 ? "out_of_stock" : null,
  })),
  startsAt: "2026-12-01T00:00:00.000Z",
  endsAt: "2026-12-31T16:59:59.000Z",
  freePlaysPerDay: 1,
  extraPlays: { profile_completed: 1, survey_answered: 1, followed_oa: 1, purchase_over_amount: 0 },
  purchaseMinVnd: 0,
  playPricePoints: 100,
  caps: { winsPerDay: null, winsPerCampaign: null, pointsPerDay: null, playsPerMemberPerDay: null, winsPerMemberPerCampaign: null },
  gates: { minTier: "silver", minPurchases: 1, consentPurpose: null, stores: null },
  rulesText: { vi: "Mỗi khách hàng nhận tối đa 1 voucher.", en: "One voucher per customer." },
  registrationNumber: "KM-2026/123",
  timeZone: "Asia/Ho_Chi_Minh",
};

const DAY_POINTS = [5, 10, 15, 20, 25, 30, 50];
function checkinState(checkedToday: boolean, overrides: Partial<CheckinState> = {}): CheckinState {
  // Days 1 and 2 of the cycle checked; today is day 3.
  return {
    enabled: true,
    today: "2026-12-06",
    checkedToday,
    streak: checkedToday ? 3 : 2,
    todayCycleDay: 3,
    todayPoints: 15,
    streakBroken: false,
    cycle: DAY_POINTS.map((points, i) => ({
      cycleDay: i + 1,
      date: `2026-12-${String(4 + i).padStart(2, "0")}`,
      points,
      status: i < 2 ? "checked" : i === 2 ? (checkedToday ? "today_done" : "today_open") : "upcoming",
    })),
    week: [],
    nextOpensAt: "2026-12-06T17:00:00.000Z",
    ...overrides,
  };
}

const CHECKIN_RESPONSE: CheckinResponse = {
  checkinId: uuid(801),
  date: "2026-12-06",
  streak: 3,
  cycleDay: 3,
  points: 15,
  balance: 1215,
  replayed: false,
  at: new Date(NOW).toISOString(),
};

const REFERRALS: MyReferrals = {
  enabled: true,
  code: "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBB",
  shareLink: "https://zalo.me/s/1234567890/?ref=AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBB",
  referrerPoints: 100,
  friendPoints: 50,
  monthlyCap: 10,
  rewardedThisMonth: 1,
  invites: [
    invite(1, "Lan Anh", "rewarded", "2026-12-02T03:00:00.000Z"),
    invite(2, "Minh", "purchased", "2026-12-03T03:00:00.000Z"),
    invite(3, "Thu Hà", "joined", "2026-12-04T03:00:00.000Z"),
  ],
};

function invite(n: number, friendName: string, state: "joined" | "purchased" | "rewarded", at: string): MyReferrals["invites"][number] {
  return {
    id: uuid(850 + n),
    friendName,
    state,
    note: null,
    invitedAt: at,
    joinedAt: at,
    purchasedAt: state === "joined" ? null : at,
    rewardedAt: state === "rewarded" ? at : null,
    points: state === "rewarded" ? 100 : 0,
  };
}

type Handler = Parameters<typeof mockApi>[0][string];
function gameApi(
  routes: {
    games?: Handler;
    spin?: Handler;
    rules?: Handler;
    buy?: Handler;
    checkin?: Handler;
    checkIn?: Handler;
    referrals?: Handler;
    accept?: Handler;
  } = {},
) {
  return mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/summary": { status: 200, body: summary() },
    "GET /members/me/surveys": { status: 200, body: { surveys: [] } },
    "GET /members/me/games": routes.games ?? { status: 200, body: games() },
    [`POST /members/me/games/${CAMPAIGN}/spins`]: routes.spin ?? { status: 201, body: spinResponse(2) },
    [`GET /members/me/games/${CAMPAIGN}/rules`]: routes.rules ?? { status: 200, body: RULES },
    [`POST /members/me/games/${CAMPAIGN}/plays`]: routes.buy ?? {
      status: 201,
      body: { balance: 1100, pointsSpent: 100, plays: { free: 0, extra: 1, total: 1, dailyCapReached: false }, replayed: false },
    },
    "GET /members/me/checkin": routes.checkin ?? { status: 200, body: checkinState(false) },
    "POST /members/me/checkin": routes.checkIn ?? { status: 201, body: CHECKIN_RESPONSE },
    "GET /members/me/referrals": routes.referrals ?? { status: 200, body: REFERRALS },
    "POST /referrals/accept": routes.accept ?? {
      status: 201,
      body: { referralId: uuid(860), state: "invited", referrerName: "Lan Anh", friendPoints: 50, alreadyAccepted: false },
    },
  });
}

async function openGames() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Trò chơi" }));
  await screen.findByRole("heading", { name: "Vòng quay Tết" });
  return app;
}

const disc = () => screen.getByTestId("wheel-disc");
const spinButton = () => screen.getByRole("button", { name: /^(Quay ngay|Thử lại lượt quay|Quay tiếp|Đang quay…)$/ });
const result = () => screen.getByTestId("wheel-result");

beforeEach(() => {
  resetDevice();
  sessionStorage.clear();
  localStorage.setItem("ll.session", JSON.stringify(session()));
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

describe("the lucky wheel", () => {
  it("spins to the segment the server drew and only then shows the prize, with the new balance", async () => {
    const api = gameApi();
    const { user } = await openGames();
    expect(screen.getByTestId("plays-left")).toHaveTextContent("Còn 1 lượt quay hôm nay");

    await user.click(screen.getByRole("button", { name: "Quay ngay" }));
    await waitFor(() => expect(disc().closest(".lucky-wheel")).toHaveAttribute("data-phase", "spinning"));
    expect(segmentAtRotation(Number(disc().dataset.rotation), SEGMENTS.length)).toBe(2);
    // The server answered, but the wheel is still turning: no prize yet.
    expect(result()).toBeEmptyDOMElement();
    expect(spinButton()).toBeDisabled();

    fireEvent.transitionEnd(disc());
    expect(await within(result()).findByText("Chúc mừng! Bạn nhận được 50 điểm")).toBeInTheDocument();
    expect(within(result()).getByTestId("balance-after")).toHaveTextContent("Số điểm hiện tại: 1.250 điểm");
    expect(disc()).toHaveAttribute("data-landed-index", "2");

    const [spin] = api.callsTo(`POST /members/me/games/${CAMPAIGN}/spins`);
    expect((spin!.body as { idempotencyKey: string }).idempotencyKey).toMatch(KEY_RE);
    // The card's balance is read again; the plays shown are the server's.
    await waitFor(() => expect(api.callsTo("GET /members/me/summary").length).toBeGreaterThan(0));
    expect(screen.getByTestId("plays-left")).toHaveTextContent("Bạn đã hết lượt quay hôm nay");
    // That was the last play: the button says so instead of "Quay tiếp", with the next step under it.
    expect(screen.getByRole("button", { name: "Hết lượt quay" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Quay tiếp" })).not.toBeInTheDocument();
    expect(screen.getByTestId("no-plays-next")).toHaveTextContent("Quay lại vào ngày mai để có lượt mới, hoặc nhận thêm lượt:");
    expect(sessionStorage.getItem("ll.game.pendingSpin")).toBeNull();
  });

  it("an answer lost to the network: retried with the SAME key, and the wheel shows that same outcome", async () => {
    const api = gameApi({
      spin: (_call: Call, nth: number) =>
        nth === 0 ? "network-error" : { status: 200, body: spinResponse(3, { replayed: true, voucher: null }) },
    });
    const { user } = await openGames();

    await user.click(screen.getByRole("button", { name: "Quay ngay" }));
    expect(await screen.findByText(/Chưa nhận được kết quả lượt quay/)).toBeInTheDocument();
    // Nothing was shown as won, and the wheel did not move.
    expect(result()).toBeEmptyDOMElement();
    expect(disc()).toHaveAttribute("data-rotation", "0");
    // The key is kept until the server answers (a reload of the page keeps it too).
    const kept = JSON.parse(sessionStorage.getItem("ll.game.pendingSpin")!) as { idempotencyKey: string };

    await user.click(screen.getByRole("button", { name: "Thử lại lượt quay" }));
    await waitFor(() => expect(disc().closest(".lucky-wheel")).toHaveAttribute("data-phase", "spinning"));
    expect(segmentAtRotation(Number(disc().dataset.rotation), SEGMENTS.length)).toBe(3);
    fireEvent.transitionEnd(disc());
    expect(await within(result()).findByText("Chúc mừng! Bạn nhận được Trà sữa miễn phí")).toBeInTheDocument();
    expect(within(result()).getByRole("button", { name: "Xem voucher của tôi" })).toBeInTheDocument();

    const keys = api.callsTo(`POST /members/me/games/${CAMPAIGN}/spins`).map((c) => (c.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toEqual([kept.idempotencyKey, kept.idempotencyKey]);
    expect(sessionStorage.getItem("ll.game.pendingSpin")).toBeNull();
  });

  it("a spin lost before the page was reopened is offered again with its key", async () => {
    sessionStorage.setItem(
      "ll.game.pendingSpin",
      JSON.stringify({ campaignId: CAMPAIGN, userId: me().user.id, idempotencyKey: "kept-key-123" }),
    );
    const api = gameApi({
      games: {
        status: 200,
        body: games(campaign({ plays: { free: 0, extra: 0, total: 0, dailyCapReached: false }, blockedBy: "game_no_plays_left" })),
      },
    });
    const { user } = await openGames();
    expect(screen.getByText(/Chưa nhận được kết quả lượt quay/)).toBeInTheDocument();
    // No plays left now (the lost spin used the last one), yet its answer can still be fetched.
    await user.click(screen.getByRole("button", { name: "Thử lại lượt quay" }));
    await waitFor(() => expect(api.callsTo(`POST /members/me/games/${CAMPAIGN}/spins`)).toHaveLength(1));
    expect(api.callsTo(`POST /members/me/games/${CAMPAIGN}/spins`)[0]!.body).toEqual({ idempotencyKey: "kept-key-123" });
    fireEvent.transitionEnd(disc());
    expect(await within(result()).findByText("Chúc mừng! Bạn nhận được 50 điểm")).toBeInTheDocument();
  });

  it("a refusal is said in words and the key is not reused", async () => {
    const api = gameApi({ spin: { status: 409, body: { error: { code: "game_no_plays_left", message: "no plays" } } } });
    const { user } = await openGames();
    await user.click(screen.getByRole("button", { name: "Quay ngay" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Bạn đã hết lượt quay. Quay lại vào ngày mai hoặc nhận thêm lượt.");
    expect(sessionStorage.getItem("ll.game.pendingSpin")).toBeNull();
    expect(result()).toBeEmptyDOMElement();
    // The page reads the plays again.
    await waitFor(() => expect(api.callsTo("GET /members/me/games").length).toBeGreaterThan(1));
  });

  it("no plays left: the button is disabled, with the next step (tomorrow, or the actions that give plays)", async () => {
    const api = gameApi({
      games: {
        status: 200,
        body: games(
          campaign({
            plays: { free: 0, extra: 0, total: 0, dailyCapReached: false },
            blockedBy: "game_no_plays_left",
            grantedOnce: ["followed_oa"],
          }),
        ),
      },
    });
    const { user } = await openGames();
    expect(screen.getByTestId("plays-left")).toHaveTextContent("Bạn đã hết lượt quay hôm nay");
    expect(screen.getByRole("button", { name: "Hết lượt quay" })).toBeDisabled();
    expect(screen.getByTestId("no-plays-next")).toHaveTextContent("Quay lại vào ngày mai để có lượt mới, hoặc nhận thêm lượt:");
    expect(screen.getByRole("button", { name: /Hoàn thành hồ sơ sở thích/ })).toHaveTextContent("+1 lượt");
    expect(screen.getByRole("button", { name: /Trả lời một khảo sát/ })).toBeInTheDocument();
    // Following the OA already gave its play: shown as done, not a button.
    expect(screen.queryByRole("button", { name: /Quan tâm Official Account/ })).not.toBeInTheDocument();
    expect(screen.getByText("Quan tâm Official Account").closest(".extra-row")).toHaveTextContent("Đã nhận");

    // Buy a play with points: confirmed first, then the plays and balance from the answer.
    await user.click(screen.getByRole("button", { name: "Đổi 100 điểm lấy 1 lượt" }));
    const dialog = await screen.findByRole("dialog", { name: "Đổi 100 điểm lấy 1 lượt" });
    expect(dialog).toHaveTextContent("Số điểm còn lại sau khi đổi: 1.100");
    await user.click(within(dialog).getByRole("button", { name: "Xác nhận" }));
    await waitFor(() => expect(screen.getByTestId("plays-left")).toHaveTextContent("Còn 1 lượt quay hôm nay"));
    expect(screen.getByRole("button", { name: "Quay ngay" })).toBeEnabled();
    const [buy] = api.callsTo(`POST /members/me/games/${CAMPAIGN}/plays`);
    expect((buy!.body as { idempotencyKey: string }).idempotencyKey).toMatch(KEY_RE);

    await user.click(screen.getByRole("button", { name: /Hoàn thành hồ sơ sở thích/ }));
    expect(await screen.findByRole("heading", { level: 1, name: "Sở thích của tôi" })).toBeInTheDocument();
  });

  it("the budget is spent: the page says so before a play is spent, and no spin is sent", async () => {
    const api = gameApi({
      games: {
        status: 200,
        body: games(campaign({ budget: { state: "spent", scope: "day", reason: "points_budget_day" }, blockedBy: "game_budget_spent" })),
      },
    });
    await openGames();
    expect(
      screen.getByText("Quà của vòng quay hôm nay đã hết. Lượt quay của bạn vẫn còn nguyên: hãy quay lại vào ngày mai."),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Quay ngay" })).toBeDisabled();
    // Plays are untouched and still shown.
    expect(screen.getByTestId("plays-left")).toHaveTextContent("Còn 1 lượt quay hôm nay");
    fireEvent.click(screen.getByRole("button", { name: "Quay ngay" }));
    expect(api.callsTo(`POST /members/me/games/${CAMPAIGN}/spins`)).toHaveLength(0);
  });

  it("Thể lệ: each prize's chance and stock, the window, who may play and the registration number", async () => {
    gameApi();
    const { user } = await openGames();
    await user.click(screen.getByRole("button", { name: "Thể lệ" }));
    const dialog = await screen.findByRole("dialog", { name: "Thể lệ vòng quay" });
    const rows = await within(dialog).findAllByRole("row");
    expect(rows.slice(1).map((r) => r.textContent)).toEqual([
      "10 điểm13,33%Không giới hạn",
      "Chúc may mắn80%Không giới hạn",
      "50 điểm6,67%20",
      "Trà sữa0%Đã hết",
    ]);
    expect(dialog).toHaveTextContent("Thời gian: 01/12/2026 – 31/12/2026");
    expect(dialog).toHaveTextContent("Hạng từ Bạc trở lên");
    expect(dialog).toHaveTextContent("Đã mua hàng ít nhất 1 lần");
    expect(dialog).toHaveTextContent("Số đăng ký khuyến mại: KM-2026/123");
    expect(dialog).toHaveTextContent("Mỗi khách hàng nhận tối đa 1 voucher.");
    expect(dialog).toHaveTextContent("Giải đã hết không thể trúng");
  });

  it("no campaign: says so", async () => {
    gameApi({ games: { status: 200, body: { campaigns: [], balance: 0 } } });
    const { user } = renderApp();
    await user.click(await screen.findByRole("button", { name: "Trò chơi" }));
    expect(await screen.findByText("Hiện chưa có vòng quay nào. Quay lại sau nhé!")).toBeInTheDocument();
  });
});

describe("daily check-in", () => {
  it("once a day: one request however many taps, then the streak and today checked", async () => {
    let checkedIn = false;
    const api = gameApi({
      checkin: () => ({ status: 200, body: checkinState(checkedIn) }),
      checkIn: () => {
        checkedIn = true;
        return { status: 201, body: CHECKIN_RESPONSE };
      },
    });
    const { user } = await openGames();
    const calendar = await screen.findByRole("list", { name: "Lịch điểm danh 7 ngày" });
    expect(within(calendar).getAllByRole("listitem")[2]).toHaveAccessibleName("Ngày 3: hôm nay, +15 điểm");
    expect(screen.getByTestId("checkin-streak")).toHaveTextContent("Chuỗi 2 ngày liên tiếp");

    const button = screen.getByRole("button", { name: "Điểm danh nhận 15 điểm" });
    await user.click(button);
    fireEvent.click(button);
    expect(await screen.findByText("+15 điểm! Chuỗi 3 ngày liên tiếp.")).toBeInTheDocument();
    expect(await screen.findByTestId("checkin-done")).toHaveTextContent("Hôm nay bạn đã điểm danh. Hẹn gặp lại ngày mai!");
    expect(screen.queryByRole("button", { name: /Điểm danh nhận/ })).not.toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Lịch điểm danh 7 ngày" })).getAllByRole("listitem")[2]).toHaveAccessibleName(
      "Ngày 3: đã điểm danh, +15 điểm",
    );
    expect(screen.getByTestId("checkin-streak")).toHaveTextContent("Chuỗi 3 ngày liên tiếp");
    expect(api.callsTo("POST /members/me/checkin")).toHaveLength(1);
    expect((api.callsTo("POST /members/me/checkin")[0]!.body as { idempotencyKey: string }).idempotencyKey).toMatch(KEY_RE);
  });

  it("a lost answer: the retry sends the same key", async () => {
    const api = gameApi({
      checkIn: (_c: Call, nth: number) => (nth === 0 ? "network-error" : { status: 200, body: { ...CHECKIN_RESPONSE, replayed: true } }),
    });
    const { user } = await openGames();
    await user.click(await screen.findByRole("button", { name: "Điểm danh nhận 15 điểm" }));
    expect(await screen.findByText(/kết nối/i, { selector: ".notice span" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Điểm danh nhận 15 điểm" }));
    expect(await screen.findByText("+15 điểm! Chuỗi 3 ngày liên tiếp.")).toBeInTheDocument();
    const keys = api.callsTo("POST /members/me/checkin").map((c) => (c.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it("already checked in today: no button, the day marked", async () => {
    gameApi({ checkin: { status: 200, body: checkinState(true) } });
    await openGames();
    expect(await screen.findByTestId("checkin-done")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Điểm danh nhận/ })).not.toBeInTheDocument();
  });
});

describe("invite friends", () => {
  it("my invites with their states, and outside Zalo the link to copy instead of the share sheet", async () => {
    gameApi();
    const { user } = await openGames();
    const list = await screen.findByRole("list", { name: "Lời mời của tôi" });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((r) => r.querySelector(".invite-state")?.textContent),
    ).toEqual(["Đã nhận quà", "Đã mua hàng", "Đã tham gia"]);
    expect(screen.getByText("Bạn nhận 100 điểm, bạn bè nhận 50 điểm")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Mời bạn bè" }));
    const dialog = await screen.findByRole("dialog", { name: "Liên kết mời của bạn" });
    expect(within(dialog).getByTestId("invite-link")).toHaveValue(REFERRALS.shareLink);
  });

  it("a friend who opens the link with ?ref= has the code sent once signed in, and is told who invited them", async () => {
    window.history.replaceState(null, "", "/?ref=AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBB");
    const api = gameApi();
    renderApp();
    expect(await screen.findByText("Bạn được Lan Anh mời! Tham gia và mua hàng lần đầu tại cửa hàng để nhận 50 điểm.")).toBeInTheDocument();
    expect(api.callsTo("POST /referrals/accept").map((c) => c.body)).toEqual([{ code: "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBB" }]);
    expect(sessionStorage.getItem("ll.ref")).toBeNull();
  });

  it("a refused invitation (own link) is said in words and not sent again", async () => {
    window.history.replaceState(null, "", "/?ref=AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBB");
    gameApi({ accept: { status: 409, body: { error: { code: "referral_self", message: "self" } } } });
    renderApp();
    expect(await screen.findByText("Bạn không thể dùng lời mời của chính mình.")).toBeInTheDocument();
    expect(sessionStorage.getItem("ll.ref")).toBeNull();
  });
});
