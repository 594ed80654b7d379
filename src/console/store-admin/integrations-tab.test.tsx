import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiKeyView, WebhookDeliveryView } from "../../contract/integrations";
import { meResponse } from "../test-support/fixtures";
import { mockApi } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const STORE_ID = "5b0c7e1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
const KEY_ID = "6c1d8f2b-3e4a-4b5c-9d7e-8f9a0b1c2d3e";
const AT = "2026-12-06T03:00:00.000Z";
const KEY: ApiKeyView = {
  id: KEY_ID,
  name: "POS quầy 1",
  storeId: STORE_ID,
  storeName: "Quận 1",
  masked: "llk_ab12cd34ef56_…",
  createdAt: AT,
  createdBy: "Quản trị",
  lastUsedAt: null,
  revokedAt: null,
};
const FAILED: WebhookDeliveryView = {
  id: "7d2e9a3c-4f5b-4c6d-8e8f-9a0b1c2d3e4f",
  endpointId: "8e3f0b4d-5a6c-4d7e-9f0a-1b2c3d4e5f60",
  url: "https://crm.example.vn/hooks",
  eventId: "9f4a1c5e-6b7d-4e8f-a0b1-2c3d4e5f6a7b",
  event: "points.changed",
  status: "failed",
  attempts: 8,
  lastStatus: 500,
  lastError: "http_500",
  createdAt: AT,
  lastAttemptAt: AT,
  nextAttemptAt: null,
  deliveredAt: null,
};
const PLAIN = `llk_zz99yy88xx77_${"S".repeat(43)}`;

function server() {
  return mockApi({
    "GET /api/me": { body: meResponse("admin") },
    "GET /api/console/store-admin": {
      body: {
        stores: [
          {
            id: STORE_ID,
            name: "Quận 1",
            address: null,
            phone: null,
            mapUrl: null,
            openingHours: null,
            active: true,
            staffCount: 0,
            updatedAt: AT,
          },
        ],
      },
    },
    "GET /api/console/api-keys": { body: { keys: [KEY] } },
    "POST /api/console/api-keys": ({ body }) => ({
      status: 201,
      body: { key: { ...KEY, id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", name: (body as { name: string }).name }, plainKey: PLAIN },
    }),
    [`POST /api/console/api-keys/${KEY_ID}/revocation`]: { body: { ...KEY, revokedAt: AT } },
    "GET /api/console/webhooks": { body: { endpoints: [] } },
    "GET /api/console/webhook-deliveries": { body: { deliveries: [FAILED] } },
    [`POST /api/console/webhook-deliveries/${FAILED.id}/retry`]: { body: { ...FAILED, status: "queued", attempts: 0 } },
  });
}

describe("integrations tab (admins)", () => {
  it("makes a key and shows it once; revokes a key; sends a failed delivery again", async () => {
    const api = server();
    renderConsole("/store-admin");
    await userEvent.click(await screen.findByRole("tab", { name: "Tích hợp" }));
    const keys = await screen.findByRole("table", { name: "Khoá API cho máy POS" });
    expect(within(keys).getByText("llk_ab12cd34ef56_…")).toBeInTheDocument();
    expect(within(keys).getByText("Chưa dùng")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Tạo khoá" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("Tên khoá"), "Web bán hàng");
    await waitFor(() => expect(within(dialog).getByRole("option", { name: "Quận 1" })).toBeInTheDocument());
    await userEvent.selectOptions(within(dialog).getByLabelText("Cửa hàng"), STORE_ID);
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo khoá" }));
    await waitFor(() => expect(api.to("POST", "/api/console/api-keys")).toHaveLength(1));
    expect(api.to("POST", "/api/console/api-keys")[0]!.body).toEqual({ name: "Web bán hàng", storeId: STORE_ID });
    const shown = await screen.findByTestId("secret-once");
    expect(shown).toHaveValue(PLAIN);
    expect(screen.getByText(/chỉ hiện một lần/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Đã lưu lại" }));
    expect(screen.queryByTestId("secret-once")).not.toBeInTheDocument();

    await userEvent.click(within(keys).getByRole("button", { name: "Thu hồi" }));
    const confirm = await screen.findByRole("dialog", { name: "Thu hồi khoá “POS quầy 1”?" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Thu hồi" }));
    await waitFor(() => expect(api.to("POST", `/api/console/api-keys/${KEY_ID}/revocation`)).toHaveLength(1));
    expect(await screen.findByText("Đã thu hồi khoá “POS quầy 1”.")).toBeInTheDocument();

    const log = screen.getByRole("table", { name: "Nhật ký gửi webhook" });
    expect(within(log).getByText("Thất bại")).toBeInTheDocument();
    expect(within(log).getByText("HTTP 500")).toBeInTheDocument();
    await userEvent.click(within(log).getByRole("button", { name: "Gửi lại" }));
    await waitFor(() => expect(api.to("POST", `/api/console/webhook-deliveries/${FAILED.id}/retry`)).toHaveLength(1));
  });

  it("is not offered to managers", async () => {
    mockApi({
      "GET /api/me": { body: meResponse("manager") },
      "GET /api/console/staff": { body: { staff: [], pendingInvites: [] } },
      "GET /api/console/store-admin": { body: { stores: [] } },
      "GET /api/console/staff": { body: { staff: [], pendingInvites: [] } },
    });
    renderConsole("/store-admin");
    await screen.findByRole("tab", { name: "Cửa hàng" });
    expect(screen.queryByRole("tab", { name: "Tích hợp" })).not.toBeInTheDocument();
  });
});
