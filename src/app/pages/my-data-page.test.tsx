import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, card, me, session, summary } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";
import { memberExport } from "../test-utils/privacy-fixtures";
import { renderApp, resetDevice } from "../test-utils/render-app";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
const jsdomUrl = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Object.assign(URL, jsdomUrl);
});

/** A member whose account the server erases: afterwards /me says not a member and the card is gone. */
function dataApi(overrides: Parameters<typeof mockApi>[0] = {}) {
  let erased = false;
  return mockApi({
    "GET /me": () => ({ status: 200, body: me({ isMember: !erased }) }),
    "GET /members/me/card": () =>
      erased ? { status: 403, body: apiError("not_a_member") } : { status: 200, body: card({ pointsBalance: 1250 }) },
    "GET /members/me/summary": { status: 200, body: summary({ balance: 1250 }) },
    "GET /members/me/export": { status: 200, body: { ...memberExport(), loyaltyGames: [{ id: 1 }, { id: 2 }] } },
    "POST /members/me/erase": () => {
      erased = true;
      return { status: 200, body: { erasedAt: "2026-11-23T10:00:00.000Z", pointsForfeited: 1250 } };
    },
    "POST /auth/zalo": { status: 200, body: { session: session("fresh"), user: me({ isMember: false }).user } },
    ...overrides,
  });
}

async function openMyData() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Tài khoản" }));
  await app.user.click(await screen.findByRole("button", { name: "Dữ liệu của tôi" }));
  await screen.findByRole("heading", { name: "Dữ liệu của tôi", level: 1 });
  return app;
}

/** Captures what would be saved: the Blob handed to createObjectURL and the link clicked. */
function captureDownloads() {
  const blobs: Blob[] = [];
  const clicks: { download: string; href: string }[] = [];
  // jsdom has no object URLs; these stand-ins are removed again in afterEach.
  URL.createObjectURL = vi.fn((blob: Blob) => (blobs.push(blob), `blob:test/${blobs.length}`));
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ download: this.download, href: this.href });
  });
  return { blobs, clicks };
}

describe("my data", () => {
  it("downloads the export as a JSON file named after the member and the Vietnam date, then says what it holds", async () => {
    const downloads = captureDownloads();
    const api = dataApi();
    const { user } = await openMyData();

    await user.click(screen.getByRole("button", { name: "Tải dữ liệu của tôi" }));

    await waitFor(() => expect(downloads.clicks).toHaveLength(1));
    expect(api.callsTo("GET /members/me/export")).toHaveLength(1);
    expect(downloads.clicks[0]).toEqual({ download: "loyalloop-00000042-2026-11-24.json", href: "blob:test/1" });
    const blob = downloads.blobs[0]!;
    expect(blob.type).toBe("application/json");
    const saved = JSON.parse(await blob.text()) as Record<string, unknown>;
    expect(saved).toMatchObject({ format: "loyalloop.member-export/1", membership: { memberNo: "00000042" } });
    // A section this app version does not know is still in the member's copy.
    expect(saved.loyaltyGames).toEqual([{ id: 1 }, { id: 2 }]);

    const contents = await screen.findByTestId("export-contents");
    const rows = within(contents)
      .getAllByRole("term")
      .map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        "Giao dịch điểm: 3",
        "Voucher: 2",
        "Lựa chọn đồng ý: 2",
        "Điểm và hạn sử dụng: 1", // not the ledger-internal "Lô điểm"
        "Hồ sơ: Có",
        "Tin nhắn: 0",
        "loyaltyGames: 2",
      ]),
    );
    expect(screen.getByText("Tệp loyalloop-00000042-2026-11-24.json gồm:")).toBeInTheDocument();
  });

  it("shows why when the export fails, and saves nothing", async () => {
    const downloads = captureDownloads();
    dataApi({ "GET /members/me/export": "network-error" });
    const { user } = await openMyData();

    await user.click(screen.getByRole("button", { name: "Tải dữ liệu của tôi" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Không kết nối được máy chủ");
    expect(downloads.clicks).toHaveLength(0);
  });

  it("erases only after the member ticks the box, then forgets the session and card and opens onboarding", async () => {
    const api = dataApi();
    const { user } = await openMyData();
    await waitFor(() => expect(localStorage.getItem("ll.card")).not.toBeNull());

    await user.click(screen.getByRole("button", { name: "Xoá tài khoản" }));
    const dialog = await screen.findByRole("dialog", { name: "Xoá tài khoản của bạn?" });
    for (const line of ["Tên và ảnh đại diện", "Số điện thoại", "Câu trả lời sở thích", "Các phiên đăng nhập trên mọi thiết bị"]) {
      expect(within(dialog).getByText(line)).toBeInTheDocument();
    }
    expect(within(dialog).getByTestId("erase-points")).toHaveTextContent("1.250 điểm còn lại sẽ bị huỷ");
    expect(within(dialog).getByText("Tổng điểm giao dịch đã ẩn danh, cho mục đích kế toán")).toBeInTheDocument();
    expect(within(dialog).getByText("Lịch sử đồng ý, làm bằng chứng theo quy định")).toBeInTheDocument();

    const confirm = within(dialog).getByRole("button", { name: "Xoá vĩnh viễn" });
    expect(confirm).toBeDisabled();
    await user.click(confirm);
    expect(api.callsTo("POST /members/me/erase")).toHaveLength(0);

    await user.click(within(dialog).getByRole("checkbox", { name: "Tôi hiểu tài khoản và điểm của tôi sẽ bị xoá vĩnh viễn." }));
    expect(confirm).toBeEnabled();
    await user.click(confirm);

    expect(await screen.findByRole("button", { name: "Trở thành thành viên" })).toBeInTheDocument();
    expect(screen.getByText("Tài khoản của bạn đã được xoá")).toBeInTheDocument();
    // The welcome paints at once; the brand's name once the new sign-in has answered.
    await screen.findByRole("heading", { name: "Cà Phê Mây" });
    expect(api.callsTo("POST /members/me/erase")[0]?.body).toEqual({ confirm: true });
    expect(api.callsTo("POST /members/me/erase")[0]?.authorization).toBe("Bearer access-one");
    // The old session and cached card are gone; a fresh sign-in made a new, non-member session.
    expect(localStorage.getItem("ll.card")).toBeNull();
    const erasedAt = api.calls.findIndex((c) => c.path === "/members/me/erase");
    expect(api.calls.slice(erasedAt).some((c) => c.path === "/auth/zalo")).toBe(true);
    expect(JSON.parse(localStorage.getItem("ll.session") ?? "null")).toMatchObject({ accessToken: "access-fresh" });
    expect(JSON.parse(localStorage.getItem("ll.me") ?? "null")).toMatchObject({ user: { isMember: false } });
  });

  it("keeps everything when the erase fails", async () => {
    dataApi({ "POST /members/me/erase": { status: 500, body: apiError("internal") } });
    const { user } = await openMyData();
    await user.click(screen.getByRole("button", { name: "Xoá tài khoản" }));
    const dialog = await screen.findByRole("dialog", { name: "Xoá tài khoản của bạn?" });
    await user.click(within(dialog).getByRole("checkbox"));
    await user.click(within(dialog).getByRole("button", { name: "Xoá vĩnh viễn" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Đã có lỗi xảy ra");
    expect(JSON.parse(localStorage.getItem("ll.session") ?? "null")).toMatchObject({ accessToken: "access-one" });
    expect(screen.getByRole("heading", { name: "Dữ liệu của tôi", level: 1 })).toBeInTheDocument();
  });
});
