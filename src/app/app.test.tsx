import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, card, me, session, summary, terms } from "./test-utils/fixtures";
import { mockApi } from "./test-utils/fetch-mock";
import { vi as viStrings } from "./i18n/vi";
import { localeAtom } from "./state/locale";
import { renderApp, resetDevice } from "./test-utils/render-app";

beforeEach(resetDevice);
afterEach(() => vi.unstubAllGlobals());

describe("start-up", () => {
  it("signs a new shopper in with a dev token outside Zalo and shows onboarding", async () => {
    const api = mockApi({
      "POST /auth/zalo": { status: 200, body: { session: session(), user: me({ isMember: false }).user } },
      "GET /me": { status: 200, body: me({ isMember: false }) },
    });
    renderApp();

    // The welcome paints before the sign-in (a phone with no session is a first visit), the
    // brand's name once /me has answered.
    expect(await screen.findByRole("button", { name: "Trở thành thành viên" })).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Cà Phê Mây" })).toBeInTheDocument();
    const [login] = api.callsTo("POST /auth/zalo");
    expect((login?.body as { accessToken: string }).accessToken).toMatch(/^dev:web-[0-9a-f]{24}\|.+$/);
    // The session from the login is what authorises the next call.
    expect(api.callsTo("GET /me")[0]?.authorization).toBe("Bearer access-one");
  });

  it("shows onboarding in English when the language is English (the English strings load on demand)", async () => {
    mockApi({
      "POST /auth/zalo": { status: 200, body: { session: session(), user: me({ isMember: false }).user } },
      "GET /me": { status: 200, body: me({ isMember: false }) },
    });
    const app = renderApp();
    act(() => app.store.set(localeAtom, "en"));

    expect(await screen.findByRole("button", { name: "Become a member" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Trở thành thành viên" })).not.toBeInTheDocument();
  });

  it("keeps the same dev identity across launches", async () => {
    const api = mockApi({
      "POST /auth/zalo": { status: 200, body: { session: session(), user: me({ isMember: false }).user } },
      "GET /me": { status: 200, body: me({ isMember: false }) },
    });
    const first = renderApp();
    await screen.findByRole("heading", { name: "Cà Phê Mây" });
    first.unmount();
    localStorage.removeItem("ll.session");
    renderApp();
    await screen.findByRole("heading", { name: "Cà Phê Mây" });

    const tokens = api.callsTo("POST /auth/zalo").map((c) => (c.body as { accessToken: string }).accessToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it("reuses a stored session and opens a member's card without signing in", async () => {
    localStorage.setItem("ll.session", JSON.stringify(session("stored")));
    const api = mockApi({
      "GET /me": { status: 200, body: me({ isMember: true }) },
      "GET /members/me/card": { status: 200, body: card() },
    });
    renderApp();

    expect(await screen.findByRole("img", { name: "Mã QR thành viên" })).toBeInTheDocument();
    expect(api.callsTo("POST /auth/zalo")).toHaveLength(0);
    expect(api.callsTo("GET /me")[0]?.authorization).toBe("Bearer access-stored");
  });

  it("draws a returning member's cached card at once, before the server answers", async () => {
    localStorage.setItem("ll.session", JSON.stringify(session("stored")));
    localStorage.setItem("ll.sessionUser", me().user.id);
    localStorage.setItem("ll.me", JSON.stringify(me({ isMember: true })));
    localStorage.setItem("ll.card", JSON.stringify({ card: card({ pointsBalance: 1250 }), clockOffsetMs: 0 }));
    mockApi({ "GET /me": "no-answer", "GET /members/me/card": "no-answer", "GET /members/me/summary": "no-answer" });
    renderApp();

    expect(await screen.findByTestId("points-balance")).toHaveTextContent("1.250");
    expect(await screen.findByRole("img", { name: "Mã QR thành viên" })).toBeInTheDocument();
  });

  it("draws a returning member's cached tier and progress at once too, in the language they were kept in", async () => {
    localStorage.setItem("ll.session", JSON.stringify(session("stored")));
    localStorage.setItem("ll.sessionUser", me().user.id);
    localStorage.setItem("ll.me", JSON.stringify(me({ isMember: true })));
    localStorage.setItem("ll.card", JSON.stringify({ card: card({ pointsBalance: 1250 }), clockOffsetMs: 0 }));
    localStorage.setItem("ll.summary", JSON.stringify({ summary: summary(), locale: "vi" }));
    mockApi({ "GET /me": "no-answer", "GET /members/me/card": "no-answer", "GET /members/me/summary": "no-answer" });
    renderApp();

    expect(await screen.findByTestId("tier-progress")).toHaveTextContent(/để lên hạng Vàng/);
  });

  it("shows no cached summary kept in another language, and keeps the one the server sends", async () => {
    localStorage.setItem("ll.session", JSON.stringify(session("stored")));
    localStorage.setItem("ll.sessionUser", me().user.id);
    localStorage.setItem("ll.me", JSON.stringify(me({ isMember: true })));
    localStorage.setItem("ll.card", JSON.stringify({ card: card({ pointsBalance: 1250 }), clockOffsetMs: 0 }));
    localStorage.setItem("ll.summary", JSON.stringify({ summary: summary(), locale: "en" }));
    let answer: () => void = () => undefined;
    const summarySent = new Promise<void>((resolve) => (answer = resolve));
    mockApi({
      "GET /me": "no-answer",
      "GET /members/me/card": "no-answer",
      "GET /members/me/summary": () => summarySent.then(() => ({ status: 200, body: summary({ balance: 1300 }) })),
    });
    renderApp();

    expect(await screen.findByTestId("points-balance")).toHaveTextContent("1.250");
    expect(screen.queryByTestId("tier-progress")).not.toBeInTheDocument();
    answer();
    expect(await screen.findByTestId("tier-progress")).toHaveTextContent(/để lên hạng Vàng/);
    expect(JSON.parse(localStorage.getItem("ll.summary") ?? "null")).toMatchObject({ locale: "vi", summary: { balance: 1300 } });
  });

  it("waits for the server before showing a cached card it cannot tie to the stored session", async () => {
    localStorage.setItem("ll.session", JSON.stringify(session("stored")));
    localStorage.setItem("ll.me", JSON.stringify(me({ isMember: true })));
    localStorage.setItem("ll.card", JSON.stringify({ card: card(), clockOffsetMs: 0 }));
    mockApi({ "GET /me": "no-answer" });
    renderApp();

    expect(await screen.findByRole("status", { name: "Đang tải…" })).toBeInTheDocument();
    expect(screen.queryByTestId("points-balance")).not.toBeInTheDocument();
  });

  it("signs in again when the stored session is no longer accepted", async () => {
    localStorage.setItem("ll.session", JSON.stringify(session("old")));
    const api = mockApi({
      "GET /me": (call) =>
        call.authorization === "Bearer access-new"
          ? { status: 200, body: me({ isMember: false }) }
          : { status: 401, body: apiError("unauthenticated") },
      "POST /auth/zalo": { status: 200, body: { session: session("new"), user: me({ isMember: false }).user } },
    });
    renderApp();

    expect(await screen.findByRole("button", { name: "Trở thành thành viên" })).toBeInTheDocument();
    expect(api.callsTo("POST /auth/zalo")).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem("ll.session") ?? "null")).toMatchObject({ accessToken: "access-new" });
  });

  it("does not pull the shopper back when they tap on during the opening transition", async () => {
    mockApi({
      "POST /auth/zalo": { status: 200, body: { session: session(), user: me({ isMember: false }).user } },
      "GET /me": { status: 200, body: me({ isMember: false }) },
      "GET /terms": { status: 200, body: terms() },
    });
    const { user } = renderApp();
    await user.click(await screen.findByRole("button", { name: "Trở thành thành viên" }));
    await screen.findByRole("heading", { name: "Đồng ý tham gia" });

    // Outlast zmp-ui's page transitions; the consent screen must still be the one shown.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(screen.getByRole("heading", { name: "Đồng ý tham gia" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Trở thành thành viên" })).not.toBeInTheDocument();
  });

  it("paints the welcome on a first visit before the sign-in answers, and a tap on join goes on once it has", async () => {
    let answer: () => void = () => undefined;
    const signInAnswered = new Promise<void>((resolve) => (answer = resolve));
    mockApi({
      // Answered when the test says so: a sign-in still on its way over 4G.
      "POST /auth/zalo": () =>
        signInAnswered.then(() => ({ status: 200, body: { session: session(), user: me({ isMember: false }).user } })),
      "GET /me": { status: 200, body: me({ isMember: false }) },
      "GET /terms": { status: 200, body: terms() },
    });
    const { user } = renderApp();

    const join = await screen.findByRole("button", { name: "Trở thành thành viên" });
    expect(screen.getByText(viStrings["onboarding.lead"])).toBeInTheDocument();
    // The brand's name is not known before /me: nothing stands in for it but a placeholder.
    expect(screen.queryByRole("heading", { name: "Cà Phê Mây" })).not.toBeInTheDocument();
    await user.click(join);
    expect(screen.queryByRole("heading", { name: "Đồng ý tham gia" })).not.toBeInTheDocument();

    answer();
    expect(await screen.findByRole("heading", { name: "Đồng ý tham gia" }, { timeout: 10_000 })).toBeInTheDocument();
  });

  it("takes a member who opens the app on a new phone from the welcome to their card", async () => {
    let answer: () => void = () => undefined;
    const signInAnswered = new Promise<void>((resolve) => (answer = resolve));
    mockApi({
      "POST /auth/zalo": () =>
        signInAnswered.then(() => ({ status: 200, body: { session: session(), user: me({ isMember: true }).user } })),
      "GET /me": { status: 200, body: me({ isMember: true }) },
      "GET /members/me/card": { status: 200, body: card({ pointsBalance: 1250 }) },
    });
    renderApp();

    await screen.findByRole("button", { name: "Trở thành thành viên" });
    answer();
    expect(await screen.findByTestId("points-balance", {}, { timeout: 10_000 })).toHaveTextContent("1.250");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Trở thành thành viên" })).not.toBeInTheDocument(), {
      timeout: 5_000,
    });
  });

  it("shows a retry screen when the server cannot be reached and nothing is cached", async () => {
    const api = mockApi({ "POST /auth/zalo": "network-error" });
    const { user } = renderApp();

    expect(await screen.findByRole("alert")).toHaveTextContent("Không mở được thẻ thành viên");
    await user.click(screen.getByRole("button", { name: "Thử lại" }));
    await screen.findByRole("alert");
    expect(api.callsTo("POST /auth/zalo")).toHaveLength(2);
  });
});
