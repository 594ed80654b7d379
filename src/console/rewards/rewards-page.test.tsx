import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { RewardView } from "../../contract/loyalty";
import type { ProgrammeView } from "../../contract/programme";
import { PROGRAMME_LIMITS } from "../../domain/loyalty/programme";
import { DEFAULT_TIER_RULES, type TierDef } from "../../domain/loyalty/tiers";
import { LIABILITY, REWARDS, meResponse, SIDEBAR_VI } from "../test-support/fixtures";
import { apiError, mockApi, type MockReply } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

type Routes = Parameters<typeof mockApi>[0];

function server(role: "manager" | "marketer" = "manager", routes: Routes = {}) {
  const current = { items: [...REWARDS] };
  const api = mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/rewards": () => ({ body: { items: current.items } }),
    "GET /api/console/liability": { body: LIABILITY },
    ...routes,
  });
  return { api, current };
}

/** The programme as GET /console/programme answers it, with these tiers. */
const programmeView = (tiers: TierDef[]): ProgrammeView => ({
  version: 1,
  settings: {
    earnRule: { vndPerPoint: 10_000, maxBillVnd: 100_000_000 },
    tierRules: { ...DEFAULT_TIER_RULES, tiers },
    lotValidityMonths: 12,
    profileBonusPoints: 50,
    promotions: [],
  },
  changedAt: null,
  changedBy: null,
  stores: [],
  history: [],
  limits: Object.fromEntries(Object.entries(PROGRAMME_LIMITS).map(([k, v]) => [k, { ...v }])),
});

/** The create dialog, opened on the rewards page, with a name and a cost typed. */
async function createDialogFilled() {
  renderConsole("/rewards");
  await rewardRows();
  await userEvent.click(screen.getByRole("button", { name: "Thêm phần thưởng" }));
  const dialog = screen.getByRole("dialog", { name: "Thêm phần thưởng" });
  await userEvent.type(within(dialog).getByRole("textbox", { name: "Tên phần thưởng" }), "Bánh mì");
  await userEvent.type(within(dialog).getByRole("textbox", { name: "Giá (điểm)" }), "30");
  return dialog;
}

const notice = () => screen.getAllByRole("status").find((el) => el.classList.contains("notice-region"))!;
const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole("cell")
    .map((c) => c.textContent);

async function rewardRows() {
  const table = await screen.findByRole("table", { name: "Phần thưởng, đang bật trước" });
  return within(table).getAllByRole("row").slice(1);
}

describe("rewards page", () => {
  it("is in the sidebar after Members and the points ledger, and lists the rewards", async () => {
    server();
    renderConsole("/rewards");
    expect(await screen.findByRole("heading", { level: 1, name: "Phần thưởng" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(
      within(nav)
        .getAllByRole("link")
        .map((l) => l.textContent),
    ).toEqual(SIDEBAR_VI);
    expect(within(nav).getByRole("link", { name: "Phần thưởng" })).toHaveAttribute("aria-current", "page");

    const rows = await rewardRows();
    expect(rows.map(cells)).toEqual([
      [
        "Cà phê sữa đá miễn phíMột ly cà phê sữa đá size M tại mọi cửa hàng.",
        "50",
        "100",
        "Luôn áp dụngVoucher dùng 30 ngày",
        "Tất cả hạng",
        "Đang bật",
        "Sửa",
      ],
      [
        "Giảm 20% hoá đơnGiảm 20% cho một hoá đơn, tối đa 100.000 ₫.",
        "120",
        "Không giới hạn",
        "01/06/2025 – 30/06/2025Voucher dùng 14 ngày",
        "VàngKim cương",
        "Đang bật",
        "Sửa",
      ],
      ["Ly giữ nhiệt Cà Phê Mây", "300", "Hết hàng", "Luôn áp dụngVoucher dùng 60 ngày", "Tất cả hạng", "Đã tắt", "Sửa"],
    ]);
    expect(screen.getByRole("switch", { name: "Cho đổi Cà phê sữa đá miễn phí" })).toBeChecked();
    expect(screen.getByRole("switch", { name: "Cho đổi Ly giữ nhiệt Cà Phê Mây" })).not.toBeChecked();
  });

  it("shows skeletons while loading", async () => {
    let release: (reply: MockReply) => void = () => {};
    const { api } = server("manager", { "GET /api/console/rewards": () => new Promise<MockReply>((resolve) => (release = resolve)) });
    renderConsole("/rewards");
    expect(await screen.findByTestId("rewards-skeleton")).toBeInTheDocument();
    await waitFor(() => expect(api.to("GET", "/api/console/rewards")).toHaveLength(1));
    await act(async () => release({ body: { items: REWARDS } }));
    expect(screen.queryByTestId("rewards-skeleton")).not.toBeInTheDocument();
    expect(await rewardRows()).toHaveLength(3);
  });

  it("has an empty state that invites a manager to add a reward", async () => {
    server("manager", { "GET /api/console/rewards": { body: { items: [] } } });
    renderConsole("/rewards");
    expect(await screen.findByText("Chưa có phần thưởng nào")).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: "Thêm phần thưởng" })).toHaveLength(2);
  });

  it("validates the create form next to each field and sends nothing until it is right", async () => {
    const { api } = server();
    renderConsole("/rewards");
    await rewardRows();
    await userEvent.click(screen.getByRole("button", { name: "Thêm phần thưởng" }));
    const dialog = screen.getByRole("dialog", { name: "Thêm phần thưởng" });
    expect(within(dialog).getByRole("textbox", { name: "Tên phần thưởng" })).toHaveFocus();

    await userEvent.type(within(dialog).getByRole("textbox", { name: "Tên phần thưởng" }), "A");
    // As you type: the edited field says its limit at once; an untouched one is not red yet.
    expect(within(dialog).getByRole("textbox", { name: "Tên phần thưởng" })).toHaveAccessibleDescription(/Tên cần từ 2 đến 80 ký tự\./);
    expect(within(dialog).getByRole("textbox", { name: "Giá (điểm)" })).toHaveAttribute("aria-invalid", "false");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Hoặc đường dẫn ảnh" }), "ftp://x");
    await userEvent.clear(within(dialog).getByRole("textbox", { name: "Hạn dùng voucher (ngày)" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Hạn dùng voucher (ngày)" }), "400");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Không giới hạn" }));
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Tất cả hạng" }));
    await userEvent.type(within(dialog).getByLabelText("Từ ngày"), "2025-07-31");
    await userEvent.type(within(dialog).getByLabelText("Đến hết ngày"), "2025-07-01");
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo phần thưởng" }));

    expect(within(dialog).getByRole("textbox", { name: "Tên phần thưởng" })).toHaveAccessibleDescription(/Tên cần từ 2 đến 80 ký tự\./);
    expect(within(dialog).getByRole("textbox", { name: "Tên phần thưởng" })).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByText("Nhập đường dẫn bắt đầu bằng http:// hoặc https:// (tối đa 500 ký tự).")).toBeInTheDocument();
    expect(within(dialog).getByText("Giá phải là số nguyên từ 1 đến 10.000.000 điểm.")).toBeInTheDocument();
    expect(within(dialog).getByText("Tồn kho phải là số nguyên từ 0 đến 10.000.000, hoặc chọn Không giới hạn.")).toBeInTheDocument();
    expect(within(dialog).getByText("Ngày kết thúc phải từ ngày bắt đầu trở đi.")).toBeInTheDocument();
    expect(within(dialog).getByText("Hạn dùng voucher phải là số nguyên từ 1 đến 366 ngày.")).toBeInTheDocument();
    expect(within(dialog).getByText("Chọn ít nhất một hạng, hoặc chọn Tất cả hạng.")).toBeInTheDocument();
    expect(api.to("POST", "/api/console/rewards")).toHaveLength(0);
  });

  it("creates a reward: posts the contract's shape, reloads the list and confirms", async () => {
    const created: RewardView = {
      id: "40000000-0000-4000-8000-000000000009",
      name: "Trà đào cam sả",
      description: "Một ly trà đào size L.",
      nameEn: null,
      descriptionEn: null,
      imageUrl: "https://cdn.example.vn/tra-dao.jpg",
      imageId: null,
      pointsCost: 1500,
      stock: 20,
      validFrom: "2025-06-30T17:00:00.000Z",
      validUntil: "2025-07-31T16:59:59.000Z",
      voucherValidityDays: 14,
      eligibleTiers: ["gold", "diamond"],
      active: true,
    };
    const { api, current } = server("manager", {
      "POST /api/console/rewards": () => {
        current.items = [...current.items, created];
        return { status: 201, body: created };
      },
    });
    renderConsole("/rewards");
    await rewardRows();
    await userEvent.click(screen.getByRole("button", { name: "Thêm phần thưởng" }));
    const dialog = screen.getByRole("dialog", { name: "Thêm phần thưởng" });
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Tên phần thưởng" }), "Trà đào cam sả");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Mô tả" }), "Một ly trà đào size L.");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Tên tiếng Anh" }), "Peach lemongrass tea");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Hoặc đường dẫn ảnh" }), "https://cdn.example.vn/tra-dao.jpg");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Giá (điểm)" }), "1.500");
    await userEvent.clear(within(dialog).getByRole("textbox", { name: "Hạn dùng voucher (ngày)" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Hạn dùng voucher (ngày)" }), "14");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Không giới hạn" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Số lượng còn lại" }), "20");
    await userEvent.type(within(dialog).getByLabelText("Từ ngày"), "2025-07-01");
    await userEvent.type(within(dialog).getByLabelText("Đến hết ngày"), "2025-07-31");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Tất cả hạng" }));
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Kim cương" }));
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Vàng" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo phần thưởng" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.to("POST", "/api/console/rewards").map((r) => r.body)).toEqual([
      {
        name: "Trà đào cam sả",
        description: "Một ly trà đào size L.",
        nameEn: "Peach lemongrass tea",
        descriptionEn: null,
        imageUrl: "https://cdn.example.vn/tra-dao.jpg",
        imageId: null,
        pointsCost: 1500,
        stock: 20,
        validFrom: "2025-07-01T00:00:00+07:00",
        validUntil: "2025-07-31T23:59:59+07:00",
        voucherValidityDays: 14,
        eligibleTiers: ["gold", "diamond"],
        active: true,
      },
    ]);
    expect(notice()).toHaveTextContent("Đã tạo phần thưởng “Trà đào cam sả”.");
    await waitFor(async () => expect(await rewardRows()).toHaveLength(4));
    expect(cells((await rewardRows())[3]!).slice(1, 5)).toEqual([
      "1.500",
      "20",
      "01/07/2025 – 31/07/2025Voucher dùng 14 ngày",
      "VàngKim cương",
    ]);
  });

  it("uploads a reward image as the file itself, previews it and saves the reward with it; too large a file is refused here", async () => {
    const imageId = "50000000-0000-4000-8000-000000000001";
    const { api } = server("manager", {
      "POST /api/console/rewards/images": {
        status: 201,
        body: { id: imageId, url: `/api/reward-images/${imageId}`, width: 720, height: 540, bytes: 41_000 },
      },
      "PATCH /api/console/rewards/40000000-0000-4000-8000-000000000001": { body: { ...REWARDS[0], imageId } },
    });
    renderConsole("/rewards");
    await rewardRows();
    await userEvent.click(screen.getByRole("button", { name: "Sửa Cà phê sữa đá miễn phí" }));
    const dialog = screen.getByRole("dialog", { name: "Sửa phần thưởng" });
    const input = within(dialog).getByLabelText("Tải ảnh lên");

    const huge = new File([new Uint8Array(8 * 1024 * 1024 + 1)], "big.jpg", { type: "image/jpeg" });
    await userEvent.upload(input, huge);
    expect(within(dialog).getByText("Ảnh lớn hơn 8 MB. Hãy chọn ảnh nhỏ hơn.")).toBeInTheDocument();
    expect(api.to("POST", "/api/console/rewards/images")).toHaveLength(0);

    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], "banh-mi.jpg", { type: "image/jpeg" });
    await userEvent.upload(input, photo);
    expect(await within(dialog).findByRole("img", { name: "Ảnh xem trước" })).toHaveAttribute("src", `/api/reward-images/${imageId}`);
    const sent = api.to("POST", "/api/console/rewards/images");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe(photo);
    expect(sent[0]!.headers?.get("content-type")).toBe("image/jpeg");
    // The typed address is the other way: it cannot be typed over an upload.
    expect(within(dialog).getByRole("textbox", { name: "Hoặc đường dẫn ảnh" })).toBeDisabled();

    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu thay đổi" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.to("PATCH", "/api/console/rewards/40000000-0000-4000-8000-000000000001").map((r) => r.body)).toEqual([
      { imageUrl: null, imageId },
    ]);
  });

  it("explains a refused create (forbidden) and keeps the form", async () => {
    server("manager", { "POST /api/console/rewards": apiError(403, "forbidden") });
    const dialog = await createDialogFilled();
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo phần thưởng" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Tài khoản của bạn không có quyền làm việc này.");
    expect(within(dialog).getByRole("textbox", { name: "Tên phần thưởng" })).toHaveValue("Bánh mì");
  });

  it("offers only the programme's tiers, by the brand's names; a tier removed meanwhile is said and the tiers read again", async () => {
    const tiers = DEFAULT_TIER_RULES.tiers
      .filter((x) => x.code !== "gold")
      .map((x) => (x.code === "silver" ? { ...x, name: { vi: "Bạc VIP", en: "VIP Silver" } } : x));
    const issue = { code: "tier_not_in_programme", field: "eligibleTiers", params: { tiers: "diamond" } };
    const { api } = server("manager", {
      "GET /api/console/programme": { body: programmeView(tiers) },
      "POST /api/console/rewards": { status: 400, body: { error: { code: "invalid_request", message: "x", issues: [issue] } } },
    });
    const dialog = await createDialogFilled();
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Tất cả hạng" }));
    const chips = () =>
      within(within(dialog).getByRole("group", { name: "Hạng được đổi" }))
        .getAllByRole("checkbox")
        .map((c) => c.closest("label")!.textContent);
    await waitFor(() => expect(chips()).toEqual(["Tất cả hạng", "Thành viên", "Bạc VIP", "Kim cương"]));
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Kim cương" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Tạo phần thưởng" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Hạng Kim cương đã bị bỏ: chọn lại.");
    await waitFor(() => expect(api.to("GET", "/api/console/programme")).toHaveLength(2));
  });

  it("edits a reward with a PATCH of only the changed fields", async () => {
    const { api } = server("manager", {
      "PATCH /api/console/rewards/40000000-0000-4000-8000-000000000002": ({ body }) => ({ body: { ...REWARDS[1]!, ...(body as object) } }),
    });
    renderConsole("/rewards");
    await rewardRows();
    await userEvent.click(screen.getByRole("button", { name: "Sửa Giảm 20% hoá đơn" }));
    const dialog = screen.getByRole("dialog", { name: "Sửa phần thưởng" });
    const cost = within(dialog).getByRole("textbox", { name: "Giá (điểm)" });
    expect(cost).toHaveValue("120");
    expect(within(dialog).getByLabelText("Từ ngày")).toHaveValue("2025-06-01");
    expect(within(dialog).getByLabelText("Đến hết ngày")).toHaveValue("2025-06-30");
    expect(within(dialog).getByRole("checkbox", { name: "Vàng" })).toBeChecked();
    expect(within(dialog).getByRole("checkbox", { name: "Bạc" })).not.toBeChecked();
    await userEvent.clear(cost);
    await userEvent.type(cost, "150");
    // Unsaved: closing the tab, Escape or a click beside the panel ask first; told no, it stays.
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    const unload = () => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(true);
    await userEvent.keyboard("{Escape}");
    expect(confirm).toHaveBeenCalledWith("Bạn có thay đổi chưa lưu. Rời trang và bỏ các thay đổi này?");
    expect(dialog).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu thay đổi" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    // Saved: nothing left to lose.
    expect(unload()).toBe(false);
    expect(confirm).toHaveBeenCalledTimes(1);
    const patches = api.to("PATCH", "/api/console/rewards/40000000-0000-4000-8000-000000000002");
    expect(patches.map((r) => r.body)).toEqual([{ pointsCost: 150 }]);
    expect(notice()).toHaveTextContent("Đã lưu thay đổi cho “Giảm 20% hoá đơn”.");
    expect(cells((await rewardRows())[1]!)[1]).toBe("150");
  });

  it("turns a reward off with its switch, asking once first", async () => {
    const { api } = server("manager", {
      "PATCH /api/console/rewards/40000000-0000-4000-8000-000000000001": ({ body }) => ({ body: { ...REWARDS[0]!, ...(body as object) } }),
    });
    renderConsole("/rewards");
    await rewardRows();
    const toggle = screen.getByRole("switch", { name: "Cho đổi Cà phê sữa đá miễn phí" });
    // Cancelled: nothing sent, still on.
    await userEvent.click(toggle);
    const ask = await screen.findByRole("dialog", { name: "Tắt “Cà phê sữa đá miễn phí”?" });
    await userEvent.click(within(ask).getByRole("button", { name: "Huỷ" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(toggle).toBeChecked();
    expect(api.to("PATCH", "/api/console/rewards/40000000-0000-4000-8000-000000000001")).toHaveLength(0);
    await userEvent.click(toggle);
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Tắt phần thưởng" }));
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(api.to("PATCH", "/api/console/rewards/40000000-0000-4000-8000-000000000001").map((r) => r.body)).toEqual([{ active: false }]);
    expect(notice()).toHaveTextContent("Đã tắt “Cà phê sữa đá miễn phí”");
    // The confirmation follows a language switch.
    await userEvent.click(screen.getByRole("button", { name: "English" }));
    expect(notice()).toHaveTextContent("“Cà phê sữa đá miễn phí” is off: members can no longer redeem it.");
    expect(screen.getByRole("switch", { name: "Allow redeeming Cà phê sữa đá miễn phí" })).not.toBeChecked();
  });

  it("turns a reward back on at once, without asking", async () => {
    const { api } = server("manager", {
      "PATCH /api/console/rewards/40000000-0000-4000-8000-000000000003": ({ body }) => ({ body: { ...REWARDS[2]!, ...(body as object) } }),
    });
    renderConsole("/rewards");
    await rewardRows();
    const toggle = screen.getByRole("switch", { name: "Cho đổi Ly giữ nhiệt Cà Phê Mây" });
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.to("PATCH", "/api/console/rewards/40000000-0000-4000-8000-000000000003").map((r) => r.body)).toEqual([{ active: true }]);
  });

  it("is read-only for a marketer", async () => {
    const { api } = server("marketer");
    renderConsole("/rewards");
    const rows = await rewardRows();
    expect(screen.getByText("Bạn đang xem ở chế độ chỉ đọc. Chỉ Quản lý mới thay đổi được phần thưởng.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Thêm phần thưởng" })).not.toBeInTheDocument();
    expect(screen.queryByRole("switch")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Sửa/ })).not.toBeInTheDocument();
    expect(cells(rows[0]!)).toHaveLength(6);
    expect(cells(rows[0]!)[5]).toBe("Đang bật");
    expect(cells(rows[2]!)[5]).toBe("Đã tắt");
    expect(api.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  });
});

describe("points liability", () => {
  it("shows the outstanding total, the per-store split and the expiry profile", async () => {
    server("marketer");
    renderConsole("/rewards");
    const region = await screen.findByRole("region", { name: "Điểm đang lưu hành" });
    await waitFor(() => expect(region).toHaveTextContent("Tổng điểm chưa dùng5.430 điểm"));
    // 5 430 points at 500 ₫ each.
    expect(within(region).getByText(/^≈ 2\.715\.000\s₫ phải đổi quà$/)).toBeInTheDocument();
    expect(within(region).getByText(/^1 điểm = 500\s₫$/)).toBeInTheDocument();

    const stores = within(region).getByRole("table", { name: "Theo cửa hàng tích điểm" });
    expect(within(stores).getAllByRole("row").slice(1).map(cells)).toEqual([
      ["Cà Phê Mây Cầu Giấy", "2.000", "37%"],
      ["Cà Phê Mây Quận 1", "3.200", "59%"],
      ["Điều chỉnh / thưởng (không gắn cửa hàng)", "230", "4%"],
    ]);

    // The bars are drawn for the eye; the numbers are in a table for everyone.
    const chart = within(region).getByTestId("expiry-chart");
    expect(chart).toHaveAttribute("aria-hidden", "true");
    expect(chart.querySelectorAll(".expiry-col")).toHaveLength(13);
    const bars = Array.from(chart.querySelectorAll<HTMLElement>(".expiry-bar")).map((b) => b.style.height);
    expect(bars[10]).toBe("100%"); // 2 100 points in 04/2026, the largest month
    expect(bars[1]).toBe("0%");
    await userEvent.click(within(region).getByText("Xem dạng bảng"));
    const profile = within(region).getByRole("table", { name: "Điểm sẽ hết hạn theo tháng" });
    const profileRows = within(profile).getAllByRole("row").slice(1).map(cells);
    expect(profileRows).toHaveLength(13);
    expect(profileRows[0]).toEqual(["06/2025", "120"]);
    expect(profileRows[10]).toEqual(["04/2026", "2.100"]);
  });

  it("says where to set the point's value when the brand has none", async () => {
    server("manager", { "GET /api/console/liability": { body: { ...LIABILITY, pointValueVnd: null } } });
    renderConsole("/rewards");
    const region = await screen.findByRole("region", { name: "Điểm đang lưu hành" });
    expect(await within(region).findByText(/Chưa đặt giá trị 1 điểm bằng VND/)).toBeInTheDocument();
    expect(within(region).queryByText(/^≈/)).not.toBeInTheDocument();
  });

  it("has its own error and retry, without hiding the rewards", async () => {
    let calls = 0;
    server("manager", { "GET /api/console/liability": () => (++calls === 1 ? apiError(500, "internal") : { body: LIABILITY }) });
    renderConsole("/rewards");
    const region = await screen.findByRole("region", { name: "Điểm đang lưu hành" });
    const alert = await within(region).findByRole("alert");
    expect(alert).toHaveTextContent("Không tải được số điểm đang lưu hành.");
    expect(await rewardRows()).toHaveLength(3);
    await userEvent.click(within(alert).getByRole("button", { name: "Thử lại" }));
    await waitFor(() => expect(region).toHaveTextContent("5.430"));
  });
});
