import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MyConsents } from "../../contract/preferences";
import { PURPOSES, type ConsentPurpose } from "../../domain/consent/purposes";
import { apiError, card, me, session } from "../test-utils/fixtures";
import { mockApi, type Call } from "../test-utils/fetch-mock";
import { consents } from "../test-utils/privacy-fixtures";
import { renderApp, resetDevice } from "../test-utils/render-app";

/** What happened, in order: server requests and Zalo prompts interleaved. */
const timeline = vi.hoisted(() => [] as string[]);
const sdk = vi.hoisted(() => ({
  requestSendNotification: vi.fn(),
  interactOA: vi.fn(),
  getPhoneNumber: vi.fn(),
}));
vi.mock("zmp-sdk/apis", async (importOriginal) => {
  const real = await importOriginal<typeof import("zmp-sdk/apis")>();
  return {
    ...real,
    requestSendNotification: (...args: unknown[]) => (timeline.push("zalo:requestSendNotification"), sdk.requestSendNotification(...args)),
    interactOA: (...args: unknown[]) => (timeline.push("zalo:interactOA"), sdk.interactOA(...args)),
    getPhoneNumber: (...args: unknown[]) => (timeline.push("zalo:getPhoneNumber"), sdk.getPhoneNumber(...args)),
  };
});

beforeEach(() => {
  resetDevice();
  timeline.length = 0;
  sdk.requestSendNotification.mockReset().mockResolvedValue(undefined);
  sdk.interactOA.mockReset().mockResolvedValue(undefined);
  sdk.getPhoneNumber.mockReset().mockResolvedValue({ token: "zalo-phone-token" });
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
afterEach(() => vi.unstubAllGlobals());

type ConsentOpts = Parameters<typeof consents>[1];

/**
 * A consent server: POST /members/me/consents applies the decision, POST …/zalo records the
 * Zalo answer; both reply with the whole MyConsents, like the real one.
 */
function consentApi(opts: ConsentOpts & { consent?: (call: Call) => { status: number; body?: unknown } | null } = {}) {
  const states: Partial<Record<ConsentPurpose, { granted: boolean; since: string; zalo?: "allowed" | "refused" | "unavailable" }>> = {};
  // Kept oldest first, answered newest first.
  const history: MyConsents["history"] = [...(opts.history ?? consents().history)].reverse();
  const snapshot = () => consents(states, { ...opts, history: [...history].reverse() });
  return mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/consents": () => ({ status: 200, body: snapshot() }),
    "POST /members/me/consents": (call) => {
      timeline.push("server:consent");
      const refused = opts.consent?.(call);
      if (refused) return refused;
      const { purpose, granted, wordingVersion } = call.body as { purpose: ConsentPurpose; granted: boolean; wordingVersion: string };
      const at = "2026-11-23T17:05:00.000Z";
      states[purpose] = { granted, since: at };
      history.push({ purpose, granted, wordingVersion, channel: "mini_app", at });
      return { status: 200, body: snapshot() };
    },
    "POST /members/me/consents/zalo": (call) => {
      timeline.push("server:zalo");
      const { purpose, outcome } = call.body as { purpose: ConsentPurpose; outcome: "allowed" | "refused" | "unavailable" };
      states[purpose] = { ...states[purpose]!, zalo: outcome };
      return { status: 200, body: snapshot() };
    },
    "POST /members/me/phone": () => {
      timeline.push("server:phone");
      return { status: 200, body: { phoneMasked: "0912 *** 678" } };
    },
  });
}

async function openPrivacy() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Tài khoản" }));
  await app.user.click(await screen.findByRole("button", { name: "Quyền riêng tư & đồng ý" }));
  await screen.findByRole("heading", { name: "Quyền riêng tư & đồng ý", level: 1 });
  await screen.findByRole("switch", { name: PURPOSES.membership.vi.title });
  return app;
}

const toggle = (purpose: ConsentPurpose) => screen.getByRole("switch", { name: PURPOSES[purpose].vi.title });

describe("consent centre", () => {
  it("lists every purpose with its plain-language text; membership is locked on", async () => {
    consentApi();
    await openPrivacy();

    for (const def of Object.values(PURPOSES)) {
      const sw = screen.getByRole("switch", { name: def.vi.title });
      expect(sw).toHaveAccessibleDescription(def.vi.body);
    }
    expect(toggle("membership")).toBeChecked();
    expect(toggle("membership")).toBeDisabled();
    expect(screen.getByText(/Rút lại đồng ý này đồng nghĩa với xoá tài khoản/)).toBeInTheDocument();
    expect(toggle("analytics")).not.toBeChecked();
    expect(toggle("analytics")).toBeEnabled();
  });

  it("records a choice with the wording version shown, and shows the server's answer", async () => {
    const api = consentApi();
    const { user } = await openPrivacy();

    await user.click(toggle("analytics"));

    await waitFor(() => expect(api.callsTo("POST /members/me/consents")).toHaveLength(1));
    expect(api.callsTo("POST /members/me/consents")[0]?.body).toEqual({
      purpose: "analytics",
      granted: true,
      wordingVersion: PURPOSES.analytics.version,
    });
    await waitFor(() => expect(toggle("analytics")).toBeChecked());
    expect(await screen.findByText("Đã đồng ý từ 24/11/2026")).toBeInTheDocument();
    // No Zalo prompt belongs to analytics.
    expect(api.callsTo("POST /members/me/consents/zalo")).toHaveLength(0);

    await user.click(toggle("analytics"));
    await waitFor(() => expect(api.callsTo("POST /members/me/consents")).toHaveLength(2));
    expect(api.callsTo("POST /members/me/consents")[1]?.body).toEqual({
      purpose: "analytics",
      granted: false,
      wordingVersion: PURPOSES.analytics.version,
    });
    await waitFor(() => expect(toggle("analytics")).not.toBeChecked());
  });

  it("puts the switch back and says why when the server refuses", async () => {
    consentApi({ consent: () => ({ status: 409, body: apiError("consent_wording_outdated") }) });
    const { user } = await openPrivacy();

    await user.click(toggle("personalisation"));

    expect(await screen.findByText("Nội dung vừa được cập nhật. Vui lòng đọc lại rồi chọn.")).toBeInTheDocument();
    await waitFor(() => expect(toggle("personalisation")).not.toBeChecked());
    expect(toggle("personalisation")).toBeEnabled();
  });

  it("asks Zalo only after the server recorded the consent, then records Zalo's answer", async () => {
    const api = consentApi();
    const { user } = await openPrivacy();

    await user.click(toggle("app_notifications"));

    await waitFor(() => expect(api.callsTo("POST /members/me/consents/zalo")).toHaveLength(1));
    expect(timeline).toEqual(["server:consent", "zalo:requestSendNotification", "server:zalo"]);
    expect(api.callsTo("POST /members/me/consents/zalo")[0]?.body).toEqual({
      purpose: "app_notifications",
      permission: "requestSendNotification",
      outcome: "allowed",
    });
    expect(await screen.findByTestId("zalo-app_notifications")).toHaveTextContent("Đã cho phép trên Zalo");

    // Withdrawing asks Zalo nothing.
    await user.click(toggle("app_notifications"));
    await waitFor(() => expect(toggle("app_notifications")).not.toBeChecked());
    expect(timeline).toEqual(["server:consent", "zalo:requestSendNotification", "server:zalo", "server:consent"]);
  });

  it("records a refusal in Zalo (-201) as refused", async () => {
    sdk.interactOA.mockRejectedValue({ code: -201, message: "User denied" });
    const api = consentApi();
    const { user } = await openPrivacy();

    await user.click(toggle("oa_messages"));

    await waitFor(() => expect(api.callsTo("POST /members/me/consents/zalo")).toHaveLength(1));
    expect(sdk.interactOA).toHaveBeenCalledWith({ oaId: "oa-4417" });
    expect(api.callsTo("POST /members/me/consents/zalo")[0]?.body).toEqual({
      purpose: "oa_messages",
      permission: "interactOA",
      outcome: "refused",
    });
    expect(await screen.findByTestId("zalo-oa_messages")).toHaveTextContent("Bạn chưa cho phép trên Zalo");
    // Our consent stands: refusing Zalo's prompt is not withdrawing.
    expect(toggle("oa_messages")).toBeChecked();

    // The member changes their mind: Zalo asks again, and the new answer is recorded.
    sdk.interactOA.mockResolvedValue(undefined);
    await user.click(screen.getByRole("button", { name: "Hỏi lại trên Zalo" }));
    await waitFor(() => expect(api.callsTo("POST /members/me/consents/zalo")).toHaveLength(2));
    expect(api.callsTo("POST /members/me/consents/zalo")[1]?.body).toEqual({
      purpose: "oa_messages",
      permission: "interactOA",
      outcome: "allowed",
    });
    expect(await screen.findByTestId("zalo-oa_messages")).toHaveTextContent("Đã cho phép trên Zalo");
    expect(api.callsTo("POST /members/me/consents")).toHaveLength(1);
  });

  it("does not ask Zalo when the server refused the consent", async () => {
    const api = consentApi({ consent: () => ({ status: 500, body: apiError("internal") }) });
    const { user } = await openPrivacy();

    await user.click(toggle("app_notifications"));

    expect(await screen.findByText("Đã có lỗi xảy ra. Vui lòng thử lại.")).toBeInTheDocument();
    await waitFor(() => expect(toggle("app_notifications")).not.toBeChecked());
    expect(sdk.requestSendNotification).not.toHaveBeenCalled();
    expect(api.callsTo("POST /members/me/consents/zalo")).toHaveLength(0);
  });

  it("with no Official Account configured records interactOA as unavailable without calling Zalo", async () => {
    const api = consentApi({ oaId: null });
    const { user } = await openPrivacy();

    await user.click(toggle("oa_messages"));

    await waitFor(() => expect(api.callsTo("POST /members/me/consents/zalo")).toHaveLength(1));
    expect(sdk.interactOA).not.toHaveBeenCalled();
    expect(api.callsTo("POST /members/me/consents/zalo")[0]?.body).toEqual({
      purpose: "oa_messages",
      permission: "interactOA",
      outcome: "unavailable",
    });
  });

  it("runs the phone flow for ZNS when no number is on file, and skips it when there is one", async () => {
    const api = consentApi({ hasPhone: false });
    const { user } = await openPrivacy();

    await user.click(toggle("zns_care"));

    await waitFor(() => expect(api.callsTo("POST /members/me/consents/zalo")).toHaveLength(1));
    expect(timeline).toEqual(["server:consent", "zalo:getPhoneNumber", "server:phone", "server:zalo"]);
    expect(api.callsTo("POST /members/me/phone")[0]?.body).toMatchObject({ phoneToken: "zalo-phone-token" });
    expect(api.callsTo("POST /members/me/consents/zalo")[0]?.body).toEqual({
      purpose: "zns_care",
      permission: "phone",
      outcome: "allowed",
    });
    vi.unstubAllGlobals();

    timeline.length = 0;
    const withPhone = consentApi({ hasPhone: true });
    const { user: user2 } = await openPrivacySecondTime();
    await user2.click(toggle("zns_promo"));
    await waitFor(() => expect(withPhone.callsTo("POST /members/me/consents")).toHaveLength(1));
    await waitFor(() => expect(toggle("zns_promo")).toBeChecked());
    expect(timeline).toEqual(["server:consent"]);
    expect(withPhone.callsTo("POST /members/me/consents/zalo")).toHaveLength(0);
  });

  it("shows the change history newest first, in Vietnam time", async () => {
    consentApi({
      history: [
        {
          purpose: "zns_promo",
          granted: false,
          wordingVersion: PURPOSES.zns_promo.version,
          channel: "mini_app",
          at: "2026-11-22T17:30:00.000Z",
        },
        {
          purpose: "zns_promo",
          granted: true,
          wordingVersion: PURPOSES.zns_promo.version,
          channel: "mini_app",
          at: "2026-11-21T02:15:00.000Z",
        },
        {
          purpose: "membership",
          granted: true,
          wordingVersion: PURPOSES.membership.version,
          channel: "mini_app",
          at: "2026-11-01T08:00:00.000Z",
        },
      ],
    });
    await openPrivacy();

    const history = screen.getByRole("list", { name: "Lịch sử thay đổi" });
    const rows = within(history)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(rows).toEqual([
      `Rút lại${PURPOSES.zns_promo.vi.title}23/11/2026 · 00:30`,
      `Đồng ý${PURPOSES.zns_promo.vi.title}21/11/2026 · 09:15`,
      `Đồng ý${PURPOSES.membership.vi.title}01/11/2026 · 15:00`,
    ]);
  });
});

/** A second render in the same test (after cleanup of the first). */
async function openPrivacySecondTime() {
  const { cleanup } = await import("@testing-library/react");
  cleanup();
  return openPrivacy();
}
