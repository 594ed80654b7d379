import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, card, me, scannedMember, session } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

const CODE = "LL1.9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b.59846875.0123456789abcdef0123";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
afterEach(() => vi.unstubAllGlobals());

function staffApi(scan: Parameters<typeof mockApi>[0][string]) {
  return mockApi({
    "GET /me": { status: 200, body: me({ role: "staff" }) },
    "GET /members/me/card": { status: 200, body: card() },
    "POST /staff/scan-member": scan,
  });
}

/** Opens the staff tab and presses scan; outside Zalo no camera answers, so the paste field opens. */
async function openPasteField() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Nhân viên" }));
  await app.user.click(await screen.findByRole("button", { name: "Quét mã thành viên" }));
  await screen.findByLabelText("Dán mã thành viên");
  return app;
}

async function pasteAndCheck(user: ReturnType<typeof renderApp>["user"], code: string) {
  await user.type(screen.getByLabelText("Dán mã thành viên"), code);
  await user.click(screen.getByRole("button", { name: "Kiểm tra" }));
}

describe("staff mode", () => {
  it("verifies a pasted code and shows who the member is", async () => {
    const api = staffApi({ status: 200, body: scannedMember() });
    const { user } = await openPasteField();
    await pasteAndCheck(user, CODE);

    const result = await screen.findByRole("status", { name: "Thành viên hợp lệ" });
    expect(within(result).getByRole("heading", { name: "Trần Thu Hà" })).toBeInTheDocument();
    expect(within(result).getByText("Vàng")).toBeInTheDocument();
    expect(within(result).getByText("0912 *** 678")).toBeInTheDocument();
    expect(within(result).getByText("00000007")).toBeInTheDocument();
    expect(within(result).getByText("1.250")).toBeInTheDocument();
    expect(api.callsTo("POST /staff/scan-member")[0]?.body).toEqual({ code: CODE });
  });

  it("asks for the live card when the code was already scanned", async () => {
    staffApi({ status: 409, body: apiError("qr_already_used") });
    const { user } = await openPasteField();
    await pasteAndCheck(user, CODE);

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Mã này đã được quét. Hãy nhờ khách đưa thẻ đang mở trực tiếp trên điện thoại.",
    );
    expect(screen.queryByRole("status", { name: "Thành viên hợp lệ" })).not.toBeInTheDocument();
  });

  it("asks the member to reopen the card when the code expired", async () => {
    staffApi({ status: 422, body: apiError("qr_expired") });
    const { user } = await openPasteField();
    await pasteAndCheck(user, CODE);

    expect(await screen.findByRole("alert")).toHaveTextContent("Mã đã hết hạn. Hãy nhờ khách mở lại thẻ thành viên để hiện mã mới.");
  });

  it("replaces an old verdict with the next one", async () => {
    staffApi((_call, nth) => (nth === 0 ? { status: 422, body: apiError("qr_invalid") } : { status: 200, body: scannedMember() }));
    const { user } = await openPasteField();
    await pasteAndCheck(user, "LL1.garbage");
    expect(await screen.findByRole("alert")).toHaveTextContent("Mã không hợp lệ");

    await user.clear(screen.getByLabelText("Dán mã thành viên"));
    await pasteAndCheck(user, CODE);
    await screen.findByRole("status", { name: "Thành viên hợp lệ" });
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
  });

  it("has no staff tab for a shopper", async () => {
    mockApi({ "GET /me": { status: 200, body: me({ role: "member" }) }, "GET /members/me/card": { status: 200, body: card() } });
    renderApp();
    await screen.findByRole("button", { name: "Tài khoản" });
    expect(screen.queryByRole("button", { name: "Nhân viên" })).not.toBeInTheDocument();
  });
});
