import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiKeyView, WebhookDeliveryView } from "../../contract/integrations-console";
import { meResponse, SIDEBAR_ADMIN_VI, SIDEBAR_VI } from "../test-support/fixtures";
import { apiError, mockApi } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const STORE_ID = "5b0c7e1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
const AT = "2026-12-06T03:00:00.000Z";
const PLAIN = "llk_ab12cd34ef56_c2VjcmV0LXNob3duLW9uY2Utb25seS1oZXJlLWFhYWFhYWE";
const KEY: ApiKeyView = {
  id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  name: "POS quầy 1",
  storeId: STORE_ID,
  storeName: "Cà Phê Mây — Quận 1",
  masked: "llk_9f8e7d6c5b4a_…",
  createdAt: AT,
  createdBy: "Đỗ Minh Châu",
  lastUsedAt: "2026-12-06T05:30:00.000Z",
  revokedAt: null,
};
const DELIVERY: WebhookDeliveryView = {
  id: "2b3c4d5e-6f70-4b8c-9d0e-1f2a3b4c5d6e",
  endpointId: "3c4d5e6f-7081-4c9d-8e0f-2a3b4c5d6e7f",
  url: "https://crm.example.vn/loyalloop",
  eventId: "4d5e6f70-8192-4dae-9f10-3b4c5d6e7f80",
  event: "points.changed",
  status: "failed",
  attempts: 8,
  lastStatus: 503,
  lastError: "http_503",
  createdAt: AT,
  lastAttemptAt: AT,
  nextAttemptAt: null,
  deliveredAt: null,
};

function server(role: "admin" | "manager" = "admin") {
  const keys: ApiKeyView[] = [KEY];
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/api-keys": () => ({ body: { keys: [...keys] } }),
    "GET /api/console/store-admin": {
      body: {
        stores: [
          {
            id: STORE_ID,
            name: "Cà Phê Mây — Quận 1",
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
    "POST /api/console/api-keys": ({ body }) => {
      const created = { ...KEY, id: "5e6f7081-92a3-4bbf-8021-4c5d6e7f8091", name: (body as { name: string }).name, lastUsedAt: null };
      keys.unshift(created);
      return { status: 201, body: { key: created, plainKey: PLAIN } };
    },
    [`POST /api/console/api-keys/${KEY.id}/revocation`]: { body: { ...KEY, revokedAt: "2026-12-07T02:00:00.000Z" } },
    "GET /api/console/webhooks": { body: { endpoints: [] } },
    "POST /api/console/webhooks": ({ body }) =>
      (body as { url: string }).url.startsWith("http:")
        ? {
            status: 422,
            body: { error: { code: "webhook_url_invalid", message: "Use https", params: { reason: "webhook_url_not_https" } } },
          }
        : {
            status: 201,
            body: {
              endpoint: {
                id: DELIVERY.endpointId,
                url: (body as { url: string }).url,
                events: ["points.changed"],
                createdAt: AT,
                disabledAt: null,
              },
              secret: "whsec_only-this-once",
            },
          },
    "GET /api/console/webhook-deliveries": { body: { deliveries: [DELIVERY] } },
    [`POST /api/console/webhook-deliveries/${DELIVERY.id}/retry`]: {
      body: { ...DELIVERY, status: "queued", attempts: 0, nextAttemptAt: "2026-12-07T02:00:00.000Z" },
    },
  });
}

describe("integrations page", () => {
  it("is in an admin's sidebar only; a manager who types the address is told who can", async () => {
    server("admin");
    const first = renderConsole("/integrations");
    expect(await screen.findByRole("heading", { level: 1, name: "Tích hợp" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(
      within(nav)
        .getAllByRole("link")
        .map((l) => l.textContent),
    ).toEqual(SIDEBAR_ADMIN_VI);
    expect(within(nav).getByRole("link", { name: "Tích hợp" })).toHaveAttribute("aria-current", "page");
    first.unmount();

    const api = server("manager");
    renderConsole("/integrations");
    expect(await screen.findByText(/Chỉ Quản trị viên mới xem và quản lý tích hợp/)).toBeInTheDocument();
    expect(
      within(screen.getByRole("navigation", { name: "Điều hướng chính" }))
        .getAllByRole("link")
        .map((l) => l.textContent),
    ).toEqual(SIDEBAR_VI);
    expect(api.to("GET", "/api/console/api-keys")).toHaveLength(0);
  });

  it("creates a key for a store and shows it once, with a copy button; then revokes a key after confirming", async () => {
    const api = server();
    renderConsole("/integrations");
    const table = await screen.findByRole("table", { name: "Khoá API của các cửa hàng" });
    const row = within(table).getByText("POS quầy 1").closest("tr")!;
    expect(within(row).getByText("llk_9f8e7d6c5b4a_…")).toBeInTheDocument();
    expect(within(row).getByText("Cà Phê Mây — Quận 1")).toBeInTheDocument();
    expect(within(row).getByText("Đang dùng")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Tạo khoá" }));
    const dialog = await screen.findByRole("dialog", { name: "Tạo khoá API" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo khoá" }));
    expect(within(dialog).getByText("Nhập tên khoá.")).toBeInTheDocument();
    expect(within(dialog).getByText("Chọn cửa hàng.")).toBeInTheDocument();
    expect(api.to("POST", "/api/console/api-keys")).toHaveLength(0);
    await userEvent.type(within(dialog).getByLabelText("Tên khoá"), "POS quầy 2");
    await userEvent.selectOptions(
      within(dialog).getByLabelText("Cửa hàng"),
      await within(dialog).findByRole("option", { name: "Cà Phê Mây — Quận 1" }),
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo khoá" }));

    const ready = await screen.findByRole("dialog", { name: "Sao chép khoá API ngay" });
    expect(api.to("POST", "/api/console/api-keys")[0]!.body).toEqual({ name: "POS quầy 2", storeId: STORE_ID });
    expect(within(ready).getByTestId("secret")).toHaveValue(PLAIN);
    expect(within(ready).getByText(/Bạn sẽ không thấy lại khoá này/)).toBeInTheDocument();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await userEvent.click(within(ready).getByRole("button", { name: "Sao chép" }));
    expect(writeText).toHaveBeenCalledWith(PLAIN);
    expect(await within(ready).findByRole("button", { name: "Đã sao chép" })).toBeInTheDocument();
    await userEvent.click(within(ready).getByRole("button", { name: "Tôi đã sao chép" }));
    // Gone for good: the list shows only the key's first part.
    const newRow = (await within(table).findByText("POS quầy 2")).closest("tr")!;
    expect(within(newRow).getByText("Chưa dùng")).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(PLAIN);
    expect(screen.queryByRole("dialog")).toBeNull();

    await userEvent.click(within(row).getByRole("button", { name: "Thu hồi khoá POS quầy 1" }));
    const confirm = await screen.findByRole("dialog", { name: "Thu hồi khoá POS quầy 1?" });
    expect(within(confirm).getByText(/bị từ chối ngay từ yêu cầu tiếp theo/)).toBeInTheDocument();
    await userEvent.click(within(confirm).getByRole("button", { name: "Thu hồi khoá" }));
    expect(await screen.findByText("Đã thu hồi khoá POS quầy 1.")).toBeInTheDocument();
    expect(api.to("POST", `/api/console/api-keys/${KEY.id}/revocation`)).toHaveLength(1);
    expect(within(row).getByText("Đã thu hồi")).toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: /Thu hồi/ })).toBeNull();
  });

  it("an empty key list says what to do; a failed load says why in Vietnamese, with a retry", async () => {
    mockApi({ "GET /api/me": { body: meResponse("admin") }, "GET /api/console/api-keys": { body: { keys: [] } } });
    const first = renderConsole("/integrations");
    expect(await screen.findByText("Chưa có khoá API nào.")).toBeInTheDocument();
    expect(screen.getByText(/Tạo một khoá cho máy POS của mỗi cửa hàng/)).toBeInTheDocument();
    first.unmount();

    vi.unstubAllGlobals();
    const api = mockApi({
      "GET /api/me": { body: meResponse("admin") },
      "GET /api/console/api-keys": apiError(429, "rate_limited", "Too many"),
      "GET /api/console/webhooks": { body: { endpoints: [] } },
    });
    renderConsole("/integrations");
    const keys = await screen.findByRole("region", { name: "Khoá API của các cửa hàng" });
    expect(await within(keys).findByText("Không tải được dữ liệu tích hợp.")).toBeInTheDocument();
    expect(screen.queryByText("Too many")).toBeNull();
    await userEvent.click(within(keys).getByRole("button", { name: "Thử lại" }));
    await waitFor(() => expect(api.to("GET", "/api/console/api-keys")).toHaveLength(2));
  });

  it("adds a webhook chosen by event names: a refused URL is said at the field, the signing secret is shown once", async () => {
    const api = server();
    renderConsole("/integrations");
    // Each tab loads when first shown, once: the keys tab asks for the keys only.
    await screen.findByRole("table", { name: "Khoá API của các cửa hàng" });
    expect(api.to("GET", "/api/console/webhooks")).toHaveLength(0);
    await userEvent.click(screen.getByRole("tab", { name: "Webhook" }));
    expect(await screen.findByText("Chưa có webhook nào.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("tab", { name: "Khoá API" }));
    await userEvent.click(screen.getByRole("tab", { name: "Webhook" }));
    expect([api.to("GET", "/api/console/webhooks").length, api.to("GET", "/api/console/api-keys").length]).toEqual([1, 1]);
    await userEvent.click(screen.getByRole("button", { name: "Thêm webhook" }));
    const dialog = await screen.findByRole("dialog", { name: "Thêm webhook" });
    for (const name of [/Voucher được dùng/, /Thành viên mới/, /Phản hồi cần xử lý/]) {
      await userEvent.click(within(dialog).getByRole("checkbox", { name }));
    }
    const url = within(dialog).getByLabelText("Địa chỉ (URL)");
    await userEvent.clear(url);
    await userEvent.type(url, "http://crm.example.vn/loyalloop");
    await userEvent.click(within(dialog).getByRole("button", { name: "Thêm webhook" }));
    expect(await within(dialog).findByText(/Cần địa chỉ bắt đầu bằng https:\/\//)).toBeInTheDocument();
    expect(screen.queryByText("Use https")).toBeNull();

    await userEvent.clear(url);
    await userEvent.type(url, "https://crm.example.vn/loyalloop");
    await userEvent.click(within(dialog).getByRole("button", { name: "Thêm webhook" }));
    const ready = await screen.findByRole("dialog", { name: "Sao chép khoá ký ngay" });
    expect(api.to("POST", "/api/console/webhooks").at(-1)!.body).toEqual({
      url: "https://crm.example.vn/loyalloop",
      events: ["points.changed"],
    });
    expect(within(ready).getByTestId("secret")).toHaveValue("whsec_only-this-once");
    expect(within(ready).getByText(/Bạn sẽ không thấy lại khoá ký này/)).toBeInTheDocument();
    expect(screen.getByRole("complementary", { name: "Kiểm tra chữ ký" })).toHaveTextContent("docs/integration.md");
  });

  it("the delivery log: status and last error in words, a status filter, and a failed one sent again", async () => {
    const api = server();
    renderConsole("/integrations");
    await screen.findByRole("table", { name: "Khoá API của các cửa hàng" });
    expect(api.to("GET", "/api/console/webhook-deliveries")).toHaveLength(0);
    await userEvent.click(screen.getByRole("tab", { name: "Nhật ký gửi" }));
    const table = await screen.findByRole("table", { name: "Nhật ký gửi webhook, mới nhất trước" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(within(row).getByText("Điểm thay đổi")).toBeInTheDocument();
    expect(within(row).getByText("Thất bại")).toBeInTheDocument();
    expect(within(row).getByText("Hệ thống nhận đang gặp sự cố (HTTP 503)")).toBeInTheDocument();
    expect(within(row).getByText("8")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Trạng thái"), "Thất bại");
    await waitFor(() => expect(api.to("GET", "/api/console/webhook-deliveries").at(-1)!.url.searchParams.get("status")).toBe("failed"));

    const again = await screen.findByRole("button", { name: /^Gửi lại Điểm thay đổi lúc/ });
    await userEvent.click(again);
    expect(await screen.findByText("Đã xếp lần gửi lại; kết quả hiện ở đây sau ít giây.")).toBeInTheDocument();
    expect(api.to("POST", `/api/console/webhook-deliveries/${DELIVERY.id}/retry`)).toHaveLength(1);
    const updated = within(screen.getByRole("table", { name: "Nhật ký gửi webhook, mới nhất trước" })).getAllByRole("row")[1]!;
    expect(within(updated).getByText("Chờ gửi")).toBeInTheDocument();
    expect(within(updated).queryByRole("button", { name: /Gửi lại/ })).toBeNull();
  });
});
