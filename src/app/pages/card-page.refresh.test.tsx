import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventName, events } from "zmp-sdk/apis";
import { loadZaloSdk } from "../platform/zalo-sdk";
import { BALANCE_POLL_MS, BALANCE_WATCH_MS, GAIN_SHOWN_MS } from "../components/use-balance-watch";
import { card, me, session, summary } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

const T0 = Date.UTC(2026, 10, 23, 4, 0, 5);
let visibility: DocumentVisibilityState = "visible";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["Date", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
  vi.setSystemTime(T0);
  visibility = "visible";
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(document, "visibilityState");
});

/** The member's balance on the server; a test changes it as the cashier credits them. */
let balance = 100;
function cardApi() {
  balance = 100;
  return mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card({ pointsBalance: 100, serverTime: new Date(T0).toISOString() }) },
    "GET /members/me/summary": () => ({ status: 200, body: summary({ balance, available: balance }) }),
  });
}

async function cardShowing(points: string) {
  await waitFor(() => expect(screen.getByTestId("points-balance")).toHaveTextContent(`${points} điểm`));
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

function setVisibility(next: DocumentVisibilityState) {
  visibility = next;
  act(() => void document.dispatchEvent(new Event("visibilitychange")));
}

describe("the card's balance at the counter", () => {
  it("shows the points the cashier just added without a reload, with a short “+125 điểm”", async () => {
    cardApi();
    renderApp({ advanceTimers: vi.advanceTimersByTime });
    await cardShowing("100");
    // The first reading has nothing to compare with: no celebration.
    expect(screen.queryByTestId("points-gain")).not.toBeInTheDocument();

    balance = 225; // the cashier credits a bill
    await advance(BALANCE_POLL_MS);

    await cardShowing("225");
    expect(screen.getByTestId("points-gain")).toHaveTextContent("+125 điểm");
    expect(screen.getByTestId("points-gain").closest('[role="status"]')).not.toBeNull();

    await advance(GAIN_SHOWN_MS);
    expect(screen.queryByTestId("points-gain")).not.toBeInTheDocument();
    expect(screen.getByTestId("points-balance")).toHaveTextContent("225 điểm");
  });

  it("does not celebrate points spent", async () => {
    cardApi();
    renderApp({ advanceTimers: vi.advanceTimersByTime });
    await cardShowing("100");
    balance = 60;
    await advance(BALANCE_POLL_MS);
    await cardShowing("60");
    expect(screen.queryByTestId("points-gain")).not.toBeInTheDocument();
  });

  it("asks only for a few minutes after the last touch, and again after a touch", async () => {
    const api = cardApi();
    renderApp({ advanceTimers: vi.advanceTimersByTime });
    await cardShowing("100");
    const asked = () => api.callsTo("GET /members/me/summary").length;

    await advance(BALANCE_WATCH_MS);
    const duringWatch = asked();
    expect(duringWatch).toBeGreaterThanOrEqual(BALANCE_WATCH_MS / BALANCE_POLL_MS);

    await advance(10 * BALANCE_POLL_MS);
    expect(asked()).toBe(duringWatch + 0);

    fireEvent.pointerDown(screen.getByTestId("points-balance"));
    await advance(BALANCE_POLL_MS);
    expect(asked()).toBe(duringWatch + 1);
  });

  it("stops asking while the app is in the background (page hidden, or Zalo's AppPaused)", async () => {
    // Inside Zalo: only there does the app listen to the host's events (through zmp-sdk, loaded on demand).
    vi.stubGlobal("ZJSBridge", {});
    const api = cardApi();
    renderApp({ advanceTimers: vi.advanceTimersByTime });
    await cardShowing("100");
    const asked = () => api.callsTo("GET /members/me/summary").length;

    setVisibility("hidden");
    const hidden = asked();
    await advance(5 * BALANCE_POLL_MS);
    expect(asked()).toBe(hidden);

    setVisibility("visible");
    await advance(BALANCE_POLL_MS);
    // Coming back re-reads at once (the page entry) and the watch goes on.
    expect(asked()).toBe(hidden + 2);

    // What Zalo's host does: zmp-sdk emits the event and acknowledges it through the bridge.
    vi.stubGlobal("ZaloJavaScriptInterface", { jsH5EventCallback: vi.fn() });
    await loadZaloSdk(); // the app subscribed when the SDK arrived, before this resumes
    act(() => void events.emit(EventName.AppPaused, "event-1"));
    const paused = asked();
    await advance(5 * BALANCE_POLL_MS);
    expect(asked()).toBe(paused);

    act(() => void events.emit(EventName.AppResumed, "event-2"));
    await advance(BALANCE_POLL_MS);
    expect(asked()).toBe(paused + 1);
  });

  it("does not poll on other pages", async () => {
    const api = cardApi();
    const { user } = renderApp({ advanceTimers: vi.advanceTimersByTime });
    await cardShowing("100");
    await user.click(screen.getByRole("button", { name: "Tài khoản" }));
    await screen.findByRole("heading", { name: "Tài khoản" });
    // The card slides out (zmp-ui keeps a page while it animates away), then is gone.
    await advance(1_000);
    await waitFor(() => expect(screen.queryByTestId("points-balance")).not.toBeInTheDocument());
    const asked = api.callsTo("GET /members/me/summary").length;
    await advance(5 * BALANCE_POLL_MS);
    expect(api.callsTo("GET /members/me/summary").length).toBe(asked);
  });
});
