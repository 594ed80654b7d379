import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConsoleStaff, ConsoleStore } from "../../contract/stores";
import { meResponse } from "../test-support/fixtures";
import { apiError, mockApi } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const STORE_ID = "5b0c7e1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
const USER_ID = "6c1d8f2b-3e4a-4b5c-9d7e-8f9a0b1c2d3e";
const AT = "2026-12-06T03:00:00.000Z";
const HOURS = {
  mon: { open: "07:00", close: "22:00" },
  tue: { open: "07:00", close: "22:00" },
  wed: { open: "07:00", close: "22:00" },
  thu: { open: "07:00", close: "22:00" },
  fri: { open: "07:00", close: "23:00" },
  sat: { open: "07:30", close: "23:00" },
  sun: null,
};
const STORE: ConsoleStore = {
  id: STORE_ID,
  name: "Cà Phê Mây — Quận 1",
  address: "12 Nguyễn Huệ",
  phone: "028 3822 1234",
  mapUrl: "https://maps.app.goo.gl/abc",
  openingHours: HOURS,
  active: true,
  staffCount: 1,
  updatedAt: AT,
};
const STAFF: ConsoleStaff = {
  userId: USER_ID,
  displayName: "Võ Thanh Tùng",
  avatarUrl: null,
  stores: [{ id: STORE_ID, name: STORE.name }],
  suspended: false,
  joinedAt: AT,
  lastActivityAt: AT,
  earns30d: 12,
  voucherUses30d: 3,
};

function server(role: "admin" | "manager") {
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/store-admin": { body: { stores: [STORE] } },
    "GET /api/console/staff": { body: { staff: [STAFF], pendingInvites: [] } },
    "POST /api/console/stores": ({ body }) => ({
      status: 201,
      body: { ...(body as object), id: "7d2e9a3c-4f5b-4c6d-8e8f-9a0b1c2d3e4f", staffCount: 0, updatedAt: AT },
    }),
    [`PATCH /api/console/staff/${USER_ID}`]: ({ body }) => ({ body: { ...STAFF, ...(body as object) } }),
    "POST /api/console/staff-invites": ({ body }) => ({
      status: 201,
      body: {
        id: "8e3f0b4d-5a6c-4d7e-9f0a-1b2c3d4e5f60",
        label: null,
        stores: [{ id: STORE_ID, name: STORE.name }],
        createdAt: AT,
        expiresAt: "2026-12-09T03:00:00.000Z",
        createdBy: "Admin",
        url: `http://localhost/staff-invite?t=tok-${(body as { storeIds: string[] }).storeIds.length}`,
      },
    }),
  });
}

describe("stores and staff page", () => {
  it("lists stores with their hours; an admin adds one, and hours out of order are said as you type, in Vietnamese", async () => {
    const api = server("admin");
    renderConsole("/store-admin");
    const table = await screen.findByRole("table", { name: "Cửa hàng của thương hiệu" });
    expect(within(table).getByText("Cà Phê Mây — Quận 1")).toBeInTheDocument();
    expect(
      within(table)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "Thứ 2 07:00–22:00",
      "Thứ 3 07:00–22:00",
      "Thứ 4 07:00–22:00",
      "Thứ 5 07:00–22:00",
      "Thứ 6 07:00–23:00",
      "Thứ 7 07:30–23:00",
      "Chủ nhật Nghỉ",
    ]);

    await userEvent.click(screen.getByRole("button", { name: "Thêm cửa hàng" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("Tên cửa hàng"), "Quận 7");
    await userEvent.type(within(dialog).getByLabelText("Liên kết bản đồ"), "maps");
    expect(within(dialog).getByText("Cần một liên kết bắt đầu bằng https://")).toBeInTheDocument();
    await userEvent.clear(within(dialog).getByLabelText("Liên kết bản đồ"));
    const close = within(dialog).getByLabelText("Thứ 2 · Đóng");
    await userEvent.clear(close);
    await userEvent.type(close, "06:00");
    expect(within(dialog).getByText("Giờ đóng cửa phải sau giờ mở cửa (08:00).")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu" }));
    expect(api.to("POST", "/api/console/stores")).toHaveLength(0);

    await userEvent.clear(close);
    await userEvent.type(close, "21:00");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu" }));
    await waitFor(() => expect(api.to("POST", "/api/console/stores")).toHaveLength(1));
    expect(api.to("POST", "/api/console/stores")[0]!.body).toMatchObject({
      name: "Quận 7",
      mapUrl: null,
      openingHours: { mon: { open: "08:00", close: "21:00" } },
    });
    expect(await screen.findByText("Đã thêm cửa hàng Quận 7.")).toBeInTheDocument();
  });

  it("cashiers: last activity and counts; an admin suspends one and creates an invite shown as a link and a QR", async () => {
    const api = server("admin");
    renderConsole("/store-admin");
    await userEvent.click(await screen.findByRole("tab", { name: "Thu ngân" }));
    const row = (await screen.findByText("Võ Thanh Tùng")).closest("tr")!;
    expect(within(row).getByText("12 lần tích điểm · 3 voucher")).toBeInTheDocument();
    await userEvent.click(within(row).getByRole("button", { name: "Tạm khoá" }));
    await waitFor(() => expect(api.to("PATCH", `/api/console/staff/${USER_ID}`)[0]?.body).toEqual({ suspended: true }));
    expect(await screen.findByText("Đã tạm khoá Võ Thanh Tùng: mọi thao tác tại quầy của họ bị từ chối ngay.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Mời thu ngân" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo lời mời" }));
    expect(within(dialog).getByText("Chọn ít nhất một cửa hàng đang mở.")).toBeInTheDocument();
    await userEvent.click(await within(dialog).findByRole("checkbox", { name: STORE.name }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo lời mời" }));
    const ready = await screen.findByRole("dialog", { name: "Gửi lời mời này cho thu ngân" });
    expect(within(ready).getByTestId("invite-url")).toHaveValue("http://localhost/staff-invite?t=tok-1");
    await waitFor(() => expect(within(ready).getByTestId("invite-qr").querySelector("svg")).not.toBeNull());
  });

  it("a manager reads without the buttons", async () => {
    server("manager");
    renderConsole("/store-admin");
    expect(await screen.findByRole("table", { name: "Cửa hàng của thương hiệu" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Thêm cửa hàng" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Sửa/ })).toBeNull();
    expect(screen.getByText("Bạn đang xem ở chế độ chỉ đọc. Chỉ Quản trị viên mới thay đổi được.")).toBeInTheDocument();
  });

  it("a marketer (the server answers 403) is told they may not, with a retry", async () => {
    mockApi({ "GET /api/me": { body: meResponse("marketer") }, "GET /api/console/store-admin": apiError(403, "forbidden") });
    renderConsole("/store-admin");
    expect((await screen.findAllByText("Không tải được danh sách.")).length).toBeGreaterThan(0);
    expect(
      screen.getAllByText("Tài khoản của bạn không có quyền làm việc này. Chỉ Quản lý hoặc Quản trị viên mới làm được.").length,
    ).toBeGreaterThan(0);
  });
});
