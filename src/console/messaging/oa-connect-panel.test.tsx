import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { meResponse, messagePage, messagingTemplates, QUOTA, SANDBOX } from "../test-support/fixtures";
import { apiError, mockApi, type MockReply } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";
import { browser } from "./oa-connect-panel";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  storeSession();
});

const STATUS = "/api/console/messaging/oa/status";
const CONNECT = "/api/console/messaging/oa/connect";
const disconnected = {
  connectable: true,
  state: "disconnected",
  oaId: "4318264829",
  expiresAt: "2026-12-07T03:00:00.000Z",
  lastRefreshAt: "2026-12-06T02:00:00.000Z",
  reconnectNeeded: true,
  reason: "refresh_token_rejected",
  zaloError: -14014,
  redirectUri: "https://loyal.example.vn/api/console/messaging/oa/callback",
};

const ZALO = "/api/console/messaging/zalo";
const zaloLink = (over: Record<string, unknown> = {}) => ({
  transport: "zalo",
  oa: { ...disconnected, state: "connected", reconnectNeeded: false, reason: null, zaloError: null },
  oaName: null,
  dailyQuota: 5000,
  dailyQuotaAt: "2026-12-06T01:00:00.000Z",
  webhook: {
    url: "https://loyal.example.vn/api/webhooks/zalo",
    health: "never",
    lastEventAt: null,
    lastEventName: null,
    lastRejectedAt: "2026-12-06T01:30:00.000Z",
  },
  siteVerification: { code: null, fileUrl: null, metaTag: null },
  miniApp: { appId: "3423472366583461276", deepLinkBase: "https://zalo.me/s/3423472366583461276/" },
  lastCheck: null,
  ...over,
});

function server(
  role: "admin" | "manager",
  status: MockReply = { body: disconnected },
  connect: MockReply = {
    body: { consentUrl: "https://oauth.zaloapp.com/v4/oa/permission?app_id=1&state=s", expiresAt: "2026-12-06T02:10:00.000Z" },
  },
) {
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/messaging/templates": { body: { items: messagingTemplates() } },
    "GET /api/console/messaging/quota": { body: QUOTA },
    "GET /api/console/messaging/messages": { body: messagePage() },
    "GET /api/console/messaging/sandbox": { body: SANDBOX },
    [`GET ${STATUS}`]: status,
    [`POST ${CONNECT}`]: connect,
    [`GET ${ZALO}`]: { body: zaloLink() },
  });
}

describe("Connect Zalo OA (console, admin only)", () => {
  it("shows the result Zalo's redirect brought back, the status, and Reconnect that sends the browser to Zalo's consent page", async () => {
    const go = vi.spyOn(browser, "go").mockImplementation(() => {});
    const api = server("admin");
    renderConsole("/messages?oa=exchange_failed");
    expect(await screen.findByText(/Zalo không cấp token cho mã vừa nhận/)).toBeTruthy();
    expect(await screen.findByText("Mất kết nối — cần kết nối lại")).toBeTruthy();
    expect(screen.getByText("4318264829")).toBeTruthy();
    expect(screen.getByText(disconnected.redirectUri)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Kết nối lại" }));
    await waitFor(() => expect(go).toHaveBeenCalledWith("https://oauth.zaloapp.com/v4/oa/permission?app_id=1&state=s"));
    expect(api.to("POST", CONNECT)).toHaveLength(1);
  });

  it("says connected after a successful return, offers Connect when never connected, and says why starting failed", async () => {
    const go = vi.spyOn(browser, "go").mockImplementation(() => {});
    server(
      "admin",
      {
        body: {
          ...disconnected,
          state: "not_connected",
          reconnectNeeded: false,
          expiresAt: null,
          lastRefreshAt: null,
          reason: null,
          zaloError: null,
        },
      },
      apiError(429, "rate_limited"),
    );
    renderConsole("/messages?oa=connected");
    expect(await screen.findByText("Đã kết nối Zalo OA. Tin đang chờ sẽ được gửi ngay.")).toBeTruthy();
    await userEvent.click(await screen.findByRole("button", { name: "Kết nối Zalo OA" }));
    expect(await screen.findByText("Không bắt đầu kết nối được. Vui lòng thử lại.")).toBeTruthy();
    expect(go).not.toHaveBeenCalled();
  });

  it("is not shown to a manager, and the status is not even asked for", async () => {
    const api = server("manager");
    renderConsole("/messages");
    expect(await screen.findByRole("heading", { level: 1 })).toBeTruthy();
    await waitFor(() => expect(api.to("GET", "/api/console/messaging/quota").length).toBeGreaterThan(0));
    expect(screen.queryByRole("button", { name: /Kết nối/ })).toBeNull();
    expect(api.to("GET", STATUS)).toHaveLength(0);
  });

  it("the Zalo tab: webhook URL and its warnings, check connection in words, the domain verification code checked as typed", async () => {
    const verified = zaloLink({
      siteVerification: {
        code: "AbC123_x-9ZqWe",
        fileUrl: "https://loyal.example.vn/zalo_verifierAbC123_x-9ZqWe.html",
        metaTag: '<meta name="zalo-platform-site-verification" content="AbC123_x-9ZqWe">',
      },
    });
    let saved = false;
    const api = mockApi({
      "GET /api/me": { body: meResponse("admin") },
      "GET /api/console/messaging/templates": { body: { items: messagingTemplates() } },
      "GET /api/console/messaging/quota": { body: QUOTA },
      [`GET ${STATUS}`]: { body: { ...disconnected, state: "connected", reconnectNeeded: false } },
      [`GET ${ZALO}`]: () => ({ body: saved ? verified : zaloLink() }),
      "PUT /api/console/messaging/zalo/site-verification": () => {
        saved = true;
        return { body: verified };
      },
      "POST /api/console/messaging/zalo/check": {
        body: {
          checks: [
            { check: "token", result: "ok", zaloError: null },
            { check: "oa", result: "token_refused", zaloError: -216 },
            { check: "zns", result: "unreachable", zaloError: null },
            { check: "webhook", result: "webhook_never", zaloError: null },
          ],
          oaName: null,
          dailyQuota: null,
          remainingQuota: null,
          at: "2026-12-06T02:00:00.000Z",
        },
      },
    });
    renderConsole("/messages?tab=zalo");
    expect(await screen.findByText("https://loyal.example.vn/api/webhooks/zalo")).toBeTruthy();
    expect(screen.getByText("Chưa nhận sự kiện nào")).toBeTruthy();
    expect(screen.getByText(/sai chữ ký: khoá bí mật OA cài trên máy chủ khác với khoá trên Zalo/)).toBeTruthy();
    expect(screen.getByText("3423472366583461276")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Kiểm tra kết nối" }));
    expect(await screen.findByText("Zalo từ chối token (mã -216): hãy kết nối lại OA.")).toBeTruthy();
    expect(screen.getByText(/Không liên lạc được với Zalo/)).toBeTruthy();
    expect(api.to("POST", "/api/console/messaging/zalo/check")).toHaveLength(1);

    const input = screen.getByRole("textbox", { name: /Mã xác thực/ });
    await userEvent.type(input, "bad code!");
    expect(screen.getByText("Mã gồm 8–128 chữ cái, chữ số, “_” hoặc “-”.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Lưu mã" })).toHaveProperty("disabled", true);
    await userEvent.clear(input);
    await userEvent.type(input, "AbC123_x-9ZqWe");
    await userEvent.click(screen.getByRole("button", { name: "Lưu mã" }));
    await waitFor(() => expect(api.to("PUT", "/api/console/messaging/zalo/site-verification")).toHaveLength(1));
    expect(api.to("PUT", "/api/console/messaging/zalo/site-verification")[0]!.body).toEqual({ code: "AbC123_x-9ZqWe" });
    expect(await screen.findByText("https://loyal.example.vn/zalo_verifierAbC123_x-9ZqWe.html")).toBeTruthy();
  });

  it("the Zalo tab is an admin's: a manager's link to it lands on Today", async () => {
    const api = server("manager");
    renderConsole("/messages?tab=zalo");
    expect(await screen.findByRole("heading", { level: 1 })).toBeTruthy();
    await waitFor(() => expect(api.to("GET", "/api/console/messaging/quota").length).toBeGreaterThan(0));
    expect(screen.queryByRole("tab", { name: "Kết nối Zalo" })).toBeNull();
    expect(api.to("GET", ZALO)).toHaveLength(0);
  });

  it("syncs templates from Zalo (managers): what differs in words, and a new one registered prefilled", async () => {
    const [first] = messagingTemplates();
    mockApi({
      "GET /api/me": { body: meResponse("manager") },
      "GET /api/console/messaging/templates": { body: { items: messagingTemplates() } },
      "GET /api/console/messaging/quota": { body: QUOTA },
      "POST /api/console/messaging/templates/sync": {
        body: {
          at: "2026-12-06T02:00:00.000Z",
          items: [
            {
              state: "differs",
              registeredId: first!.id,
              registeredName: first!.name,
              template: { templateId: first!.znsTemplateId, name: "x", status: "DISABLE", quality: "HIGH", params: [] },
              differences: [{ code: "not_enabled" }, { code: "param_missing", param: "ma_don" }],
            },
            {
              state: "new",
              template: { templateId: "777001", name: "Mẫu 777001", status: "ENABLE", quality: "HIGH", params: [] },
              suggested: [
                { name: "customer_name", type: "customer_name" },
                { name: "order_code", type: "code" },
              ],
            },
          ],
        },
      },
    });
    renderConsole("/messages?tab=templates");
    await userEvent.click(await screen.findByRole("button", { name: "Đồng bộ từ Zalo" }));
    expect(await screen.findByText("Zalo không còn bật mẫu này (đã tắt hoặc bị từ chối).")).toBeTruthy();
    expect(screen.getByText("Zalo có tham số “ma_don” mà mẫu đã đăng ký không gửi: Zalo sẽ từ chối tin.")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Đăng ký mẫu này" }));
    expect(await screen.findByDisplayValue("777001")).toBeTruthy();
    expect(screen.getByDisplayValue("Mẫu 777001")).toBeTruthy();
    expect(screen.getByDisplayValue("order_code")).toBeTruthy();
  });
});
