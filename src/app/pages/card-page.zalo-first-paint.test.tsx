import { screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { card, me, session, summary, uuid } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";

/*
 * Inside Zalo the card paints before zmp-sdk (a chunk loaded on demand) has arrived, from the
 * localStorage mirror of the keys the first paint reads; nativeStorage, behind the SDK, is the
 * truth once it is here (platform/storage.ts, decision 0028). The SDK's chunk is held here until
 * a test lets it arrive; nativeStorage is a map standing for the phone's.
 */
const sdk = vi.hoisted(() => {
  const native = new Map<string, string>();
  const apis = {
    nativeStorage: {
      getItem: (key: string) => native.get(key) ?? null,
      setItem: (key: string, value: string) => void native.set(key, value),
      removeItem: (key: string) => void native.delete(key),
    },
    events: { on: () => undefined, off: () => undefined },
    EventName: { AppPaused: "h5.event.paused", AppResumed: "h5.event.resumed" },
    getAccessToken: () => Promise.resolve("zalo-access-token"),
    setNavigationBarTitle: () => Promise.resolve(),
  };
  const state = {
    native,
    here: false,
    arrive: () => undefined as void,
    arrived: Promise.resolve(),
    /** A new page load: the SDK's chunk is on its way until `arrive()`. */
    hold() {
      state.here = false;
      state.arrived = new Promise<void>((resolve) => {
        state.arrive = () => {
          state.here = true;
          resolve();
        };
      });
    },
    apis,
  };
  return state;
});

// The SDK's chunk, as platform/zalo-sdk.ts hands it out (a dynamic import, held here).
vi.mock("../platform/zalo-sdk", () => ({
  loadZaloSdk: () => sdk.arrived.then(() => sdk.apis),
  loadedZaloSdk: () => (sdk.here ? sdk.apis : null),
}));

const A = me();
const B = { ...me(), user: { ...me().user, id: uuid(9), displayName: "Trần Văn Bình" } };
const cardOf = (name: string) => card({ displayName: name, pointsBalance: 100, serverTime: new Date().toISOString() });

/** What the phone holds for a member: tokens, /me and card in nativeStorage; the mirror in localStorage. */
function storedFor(who: typeof A, into: "native" | "mirror") {
  const snapshot = { card: cardOf(who.user.displayName), clockOffsetMs: 0 };
  if (into === "native") {
    sdk.native.set("ll.session", JSON.stringify(session()));
    sdk.native.set("ll.sessionUser", who.user.id);
    sdk.native.set("ll.me", JSON.stringify(who));
    sdk.native.set("ll.card", JSON.stringify(snapshot));
  } else {
    localStorage.setItem("ll.sessionUser", who.user.id);
    localStorage.setItem("ll.me", JSON.stringify(who));
    localStorage.setItem("ll.card", JSON.stringify({ ...snapshot, card: { ...snapshot.card, qrSecret: "" } }));
  }
}

/** A fresh page load: the app's modules (and its one platform storage) anew, inside Zalo. */
async function openMiniApp() {
  vi.resetModules();
  const { renderApp } = await import("../test-utils/render-app");
  return renderApp();
}

beforeEach(() => {
  localStorage.clear();
  sdk.native.clear();
  sdk.hold();
  vi.stubGlobal("ZJSBridge", {});
});
afterEach(() => vi.unstubAllGlobals());

describe("the card inside Zalo, before zmp-sdk has arrived", () => {
  it("paints name, tier and points from the mirror at once, sends nothing, and draws the QR once nativeStorage is read", async () => {
    storedFor(A, "native");
    storedFor(A, "mirror");
    const api = mockApi({
      "GET /me": { status: 200, body: A },
      "GET /members/me/card": { status: 200, body: cardOf(A.user.displayName) },
      "GET /members/me/summary": { status: 200, body: summary({ balance: 100, available: 100 }) },
    });
    await openMiniApp();

    expect(await screen.findByRole("heading", { name: "Nguyễn Minh Anh" })).toBeInTheDocument();
    expect(screen.getByTestId("points-balance")).toHaveTextContent("100 điểm");
    // The mirror has no QR key: the square stays reserved, and no request left without the tokens.
    expect(screen.queryByRole("img", { name: "Mã QR thành viên" })).not.toBeInTheDocument();
    expect(api.calls).toHaveLength(0);

    sdk.arrive();
    await waitFor(() => expect(screen.getByRole("img", { name: "Mã QR thành viên" })).toBeInTheDocument());
    await waitFor(() => expect(api.callsTo("GET /members/me/card")).toHaveLength(1));
    expect(api.calls.every((call) => call.authorization === `Bearer ${session().accessToken}`)).toBe(true);
  });

  it("replaces another Zalo account's card as soon as nativeStorage says whose phone session it is", async () => {
    // Member A used the Mini App on this phone; the Zalo account now is B, whose nativeStorage holds B.
    storedFor(A, "mirror");
    storedFor(B, "native");
    mockApi({
      "GET /me": { status: 200, body: B },
      "GET /members/me/card": { status: 200, body: cardOf(B.user.displayName) },
      "GET /members/me/summary": { status: 200, body: summary({ balance: 100, available: 100 }) },
    });
    await openMiniApp();
    expect(await screen.findByRole("heading", { name: "Nguyễn Minh Anh" })).toBeInTheDocument();

    sdk.arrive();
    expect(await screen.findByRole("heading", { name: "Trần Văn Bình" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Nguyễn Minh Anh" })).not.toBeInTheDocument();
    // The mirror follows nativeStorage: A's card is no longer on this phone's localStorage.
    expect(localStorage.getItem("ll.card")).not.toContain("Nguyễn Minh Anh");
    expect(localStorage.getItem("ll.sessionUser")).toBe(B.user.id);
  });

  it("takes down the painted card when nativeStorage has no session (signed out or deleted elsewhere), and signs in", async () => {
    storedFor(A, "mirror");
    const newcomer = { ...B, user: { ...B.user, isMember: false } };
    const api = mockApi({
      "POST /auth/zalo": { status: 200, body: { session: session("two"), user: newcomer.user } },
      "GET /me": { status: 200, body: newcomer },
    });
    await openMiniApp();
    expect(await screen.findByRole("heading", { name: "Nguyễn Minh Anh" })).toBeInTheDocument();

    sdk.arrive();
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Nguyễn Minh Anh" })).not.toBeInTheDocument());
    await waitFor(() => expect(api.callsTo("GET /me")).toHaveLength(1));
    expect(api.callsTo("POST /auth/zalo")).toHaveLength(1);
    expect(localStorage.getItem("ll.card")).toBeNull();
    expect(localStorage.getItem("ll.me")).not.toContain("Nguyễn Minh Anh");
  });
});
