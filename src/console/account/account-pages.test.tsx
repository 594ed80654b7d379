import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConsoleSessionView, ConsoleUserList, ConsoleZaloStatus } from "../../contract/console-auth";
import { HEALTH_PROD, loginResponse, meResponse } from "../test-support/fixtures";
import { apiError, mockApi } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

const leave = vi.hoisted(() => vi.fn());
vi.mock("../common/leave", () => ({ leaveFor: leave }));

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  leave.mockReset();
});

const AT = "2026-12-06T03:00:00.000Z";
const ME = meResponse("admin").user.id;
const OTHER = "7d2e9a3c-4f5b-4c6d-8e7f-9a0b1c2d3e4f";
const INVITE = "8e3f0b4d-5a6c-4d7e-9f80-0a1b2c3d4e5f";

const sessionRow = (over: Partial<ConsoleSessionView>): ConsoleSessionView => ({
  id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  createdAt: AT,
  lastUsedAt: AT,
  current: true,
  ...over,
});
const PHONE = sessionRow({
  id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
  userAgent:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  current: false,
});

function signedIn(role: "admin" | "manager", routes: Parameters<typeof mockApi>[0]) {
  storeSession();
  return mockApi({ "GET /api/me": { body: meResponse(role) }, ...routes });
}

describe("sessions page", () => {
  const zalo = (status: ConsoleZaloStatus) => ({ "GET /api/console/account/zalo": { body: status } });

  it("lists the sessions with the device in words; ends one, then all the others", async () => {
    let rows = [sessionRow({}), PHONE, sessionRow({ id: "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a", userAgent: null, current: false })];
    const api = signedIn("manager", {
      "GET /api/console/sessions": () => ({ body: { sessions: rows } }),
      "DELETE /api/console/sessions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f": () => {
        rows = rows.filter((r) => r.id !== PHONE.id);
        return { status: 204 };
      },
      "POST /api/console/sessions/end-others": () => {
        rows = rows.filter((r) => r.current);
        return { body: { ended: 1 } };
      },
      ...zalo({ available: false, linked: false, linkedAt: null }),
    });
    renderConsole("/account/sessions");
    const table = await screen.findByRole("table");
    await within(table).findByText(/iOS/);
    expect(within(table).getByText("Phiên này")).toBeInTheDocument();
    expect(within(table).getByText("Thiết bị không rõ")).toBeInTheDocument();
    // The current session has no "end" button; the other two do.
    expect(within(table).getAllByRole("button", { name: "Kết thúc" })).toHaveLength(2);

    const phoneRow = within(table).getByText(/iOS/).closest("tr")!;
    await userEvent.click(within(phoneRow).getByRole("button", { name: "Kết thúc" }));
    await waitFor(() => expect(within(table).queryByText(/iOS/)).not.toBeInTheDocument());
    expect(api.to("DELETE", `/api/console/sessions/${PHONE.id}`)).toHaveLength(1);

    await userEvent.click(screen.getByRole("button", { name: "Kết thúc các phiên khác" }));
    expect(await screen.findByText("Đã kết thúc 1 phiên khác.")).toBeInTheDocument();
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(2));
    expect(screen.queryByRole("button", { name: "Kết thúc các phiên khác" })).not.toBeInTheDocument();
    // No Zalo card where the server offers no Zalo login.
    expect(screen.queryByRole("heading", { name: "Đăng nhập bằng Zalo" })).not.toBeInTheDocument();
  });

  it("links Zalo: the browser goes to Zalo's consent page; back here, the result is said in words", async () => {
    const api = signedIn("manager", {
      "GET /api/console/sessions": { body: { sessions: [sessionRow({})] } },
      "POST /api/console/account/zalo/link": { body: { consentUrl: "https://oauth.zaloapp.com/v4/permission?x=1", expiresAt: AT } },
      ...zalo({ available: true, linked: false, linkedAt: null }),
    });
    renderConsole("/account/sessions?zalo=already_linked");
    expect(await screen.findByRole("heading", { name: "Đăng nhập bằng Zalo" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("đã liên kết với một người dùng console khác");
    await waitFor(() => expect(currentLocation().search).toBe(""));
    await userEvent.click(screen.getByRole("button", { name: "Liên kết Zalo" }));
    await waitFor(() => expect(leave).toHaveBeenCalledWith("https://oauth.zaloapp.com/v4/permission?x=1"));
    expect(api.to("POST", "/api/console/account/zalo/link")).toHaveLength(1);
  });

  it("shows a linked Zalo account and unlinks it", async () => {
    let linked = true;
    const api = signedIn("manager", {
      "GET /api/console/sessions": { body: { sessions: [sessionRow({})] } },
      "GET /api/console/account/zalo": () => ({ body: { available: true, linked, linkedAt: linked ? AT : null } }),
      "DELETE /api/console/account/zalo": () => {
        linked = false;
        return { status: 204 };
      },
    });
    renderConsole("/account/sessions?zalo=linked");
    expect(await screen.findByText("Đã liên kết Zalo. Lần sau hãy chọn “Đăng nhập bằng Zalo”.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Bỏ liên kết Zalo" }));
    expect(await screen.findByRole("button", { name: "Liên kết Zalo" })).toBeInTheDocument();
    expect(api.to("DELETE", "/api/console/account/zalo")).toHaveLength(1);
  });
});

describe("console users page (admins)", () => {
  const list = (): ConsoleUserList => ({
    users: [
      { id: ME, displayName: "Đỗ Minh Châu", email: null, role: "admin", active: true, createdAt: AT },
      { id: OTHER, displayName: "Trần Thu Hà", email: "ha@example.vn", role: "marketer", active: true, createdAt: AT },
    ],
    invites: [{ id: INVITE, role: "manager", displayName: "Phan Văn Mời", expiresAt: "2026-12-09T03:00:00.000Z", createdAt: AT }],
  });

  it("invites by role: the name is required (with its limit), and the link is shown once", async () => {
    const api = signedIn("admin", {
      "GET /api/console/users": { body: list() },
      "POST /api/console/users/invites": {
        status: 201,
        body: { id: INVITE, url: "http://localhost/console/invite?token=abcdefghijklmnopqrstuvwx", expiresAt: "2026-12-09T03:00:00.000Z" },
      },
    });
    renderConsole("/users");
    await screen.findByText("Trần Thu Hà");
    await userEvent.click(screen.getByRole("button", { name: "Tạo liên kết mời" }));
    expect(screen.getByText("Nhập tên (tối đa 80 ký tự).")).toBeInTheDocument();
    expect(api.to("POST", "/api/console/users/invites")).toHaveLength(0);

    await userEvent.type(screen.getByLabelText("Tên người được mời"), "Lê Quản Lý");
    await userEvent.selectOptions(screen.getByLabelText("Vai trò"), "manager");
    await userEvent.click(screen.getByRole("button", { name: "Tạo liên kết mời" }));
    expect(await screen.findByDisplayValue("http://localhost/console/invite?token=abcdefghijklmnopqrstuvwx")).toBeInTheDocument();
    expect(api.to("POST", "/api/console/users/invites")[0]!.body).toEqual({ role: "manager", displayName: "Lê Quản Lý" });
  });

  it("changes a role and deactivates; the admin's own row cannot be changed", async () => {
    const api = signedIn("admin", {
      "GET /api/console/users": { body: list() },
      [`PATCH /api/console/users/${OTHER}`]: ({ body }) => ({
        body: { ...list().users[1], ...(body as object), ...((body as { active?: boolean }).active === false ? { active: false } : {}) },
      }),
    });
    renderConsole("/users");
    const row = (await screen.findByText("Trần Thu Hà")).closest("tr")!;
    const mine = within(screen.getByRole("table"))
      .getByText(/Đỗ Minh Châu/)
      .closest("tr")!;
    expect(within(mine).getByRole("combobox")).toBeDisabled();
    expect(within(mine).queryByRole("button", { name: "Khoá" })).not.toBeInTheDocument();

    await userEvent.selectOptions(within(row).getByRole("combobox"), "manager");
    await waitFor(() => expect(api.to("PATCH", `/api/console/users/${OTHER}`)[0]?.body).toEqual({ role: "manager" }));
    await userEvent.click(within(row).getByRole("button", { name: "Khoá" }));
    expect(await within(row).findByText("Đã khoá")).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Mở khoá" })).toBeInTheDocument();
  });

  it("cancels a pending invitation after asking once; it leaves the list", async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValueOnce(false).mockReturnValueOnce(true);
    const api = signedIn("admin", {
      "GET /api/console/users": { body: list() },
      [`DELETE /api/console/users/invites/${INVITE}`]: { status: 204 },
    });
    renderConsole("/users");
    const cancel = await screen.findByRole("button", { name: "Huỷ lời mời: Phan Văn Mời" });
    // Declined: nothing sent.
    await userEvent.click(cancel);
    expect(api.to("DELETE", `/api/console/users/invites/${INVITE}`)).toHaveLength(0);
    await userEvent.click(cancel);
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(confirm.mock.calls[1]![0]).toContain("Phan Văn Mời");
    expect(await screen.findByText("Đã huỷ lời mời cho Phan Văn Mời.")).toBeInTheDocument();
    expect(screen.queryByText(/Phan Văn Mời ·/)).not.toBeInTheDocument();
    expect(api.to("DELETE", `/api/console/users/invites/${INVITE}`)).toHaveLength(1);
    confirm.mockRestore();
  });
});

describe("invitation page", () => {
  it("accepts once, then asks to link Zalo where Zalo login is offered", async () => {
    const api = mockApi({
      "POST /api/console/auth/invite": { body: loginResponse("marketer") },
      "POST /api/console/auth/refresh": apiError(401, "refresh_invalid"),
      "GET /api/me": { body: meResponse("marketer") },
      "GET /api/health": { body: HEALTH_PROD },
      "GET /api/console/sessions": { body: { sessions: [sessionRow({})] } },
      "GET /api/console/account/zalo": { body: { available: true, linked: false, linkedAt: null } },
    });
    renderConsole("/invite?token=abcdefghijklmnopqrstuvwx");
    expect(await screen.findByText(/Chào mừng! Liên kết tài khoản Zalo ngay/)).toBeInTheDocument();
    expect(currentLocation().pathname).toBe("/account/sessions");
    expect(api.to("POST", "/api/console/auth/invite")).toHaveLength(1);
    expect(api.to("POST", "/api/console/auth/invite")[0]!.body).toEqual({ token: "abcdefghijklmnopqrstuvwx" });
  });

  it("says an invalid, used or cancelled invitation in words and offers the login page", async () => {
    mockApi({
      "POST /api/console/auth/invite": apiError(401, "invite_invalid"),
      "POST /api/console/auth/refresh": apiError(401, "refresh_invalid"),
    });
    renderConsole("/invite?token=abcdefghijklmnopqrstuvwx");
    expect(await screen.findByRole("alert")).toHaveTextContent("Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn");
    expect(screen.getByRole("link", { name: "Về trang đăng nhập" })).toBeInTheDocument();
    expect(currentLocation().search).toBe("");
  });
});
