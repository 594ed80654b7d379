import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TemplateInput, TemplateView } from "../../contract/messaging";
import { LAN, MEMBERS, meResponse, messagePage, messagingTemplates, QUOTA, SANDBOX, TEMPLATE_IDS } from "../test-support/fixtures";
import { apiError, membersHandler, mockApi, type MockReply, type MockRequest } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

type Routes = Parameters<typeof mockApi>[0];
const TEMPLATES = "/api/console/messaging/templates";
const MESSAGES = "/api/console/messaging/messages";
const TEST_SEND = "/api/console/messaging/test-send";
const TEST_PREVIEW = "/api/console/messaging/test-send/preview";

/**
 * The server's preview of a template for a member: the event-only fields (points earned, the
 * voucher and its reward) have no value outside their event, as on the server.
 */
function testPreview({ url }: MockRequest): { body: object } {
  const template = messagingTemplates().find((tpl) => tpl.id === url.searchParams.get("templateId"))!;
  const lacking = new Set(["points_earned", "voucher_code", "reward_name"]);
  const samples: Record<string, string> = { diem: "45", ten_qua: "Cà phê sữa đá miễn phí", ma_voucher: "MAY7K2Q9" };
  return {
    body: {
      transport: "sandbox",
      consentRefusal: null,
      params: template.params.map((p) => ({
        name: p.name,
        type: p.type,
        value: "field" in p.source && lacking.has(p.source.field) ? null : p.name === "ten_khach_hang" ? LAN.displayName : "1",
        fallback: p.fallback ?? null,
        sample: samples[p.name] ?? "1",
      })),
    },
  };
}

/** Serves the templates from a variable; a POST registers one like the server does. */
function server(role: "manager" | "marketer" | "admin" = "manager", routes: Routes = {}) {
  const current = { templates: messagingTemplates() };
  const register = ({ body }: MockRequest): MockReply => {
    const saved: TemplateView = {
      ...(body as TemplateInput),
      id: "20000000-0000-4000-8000-000000000099",
      createdAt: "2025-06-10T05:00:00.000Z",
      counts: { queued: 0, sending: 0, in_doubt: 0, sent: 0, delivered: 0, failed: 0, cancelled: 0 },
    };
    current.templates = [...current.templates, saved];
    return { status: 201, body: saved };
  };
  const api = mockApi({
    "GET /api/me": { body: meResponse(role) },
    [`GET ${TEMPLATES}`]: () => ({ body: { items: current.templates } }),
    [`POST ${TEMPLATES}`]: register,
    "GET /api/console/messaging/quota": { body: QUOTA },
    [`GET ${MESSAGES}`]: { body: messagePage() },
    "GET /api/console/messaging/sandbox": { body: SANDBOX },
    "GET /api/console/members": membersHandler,
    [`GET ${TEST_PREVIEW}`]: testPreview,
    ...routes,
  });
  return { api, current };
}

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole("cell")
    .map((c) => c.textContent);
const notice = () => screen.getAllByRole("status").find((el) => el.classList.contains("notice-region"))!;
const param = (dialog: HTMLElement, n: number) => within(dialog).getByRole("group", { name: new RegExp(`^Tham số ${n}\\b`) });
const lastQuery = (api: ReturnType<typeof server>["api"], path: string) => Object.fromEntries(api.to("GET", path).at(-1)!.url.searchParams);

async function openRegister() {
  await userEvent.click(await screen.findByRole("button", { name: "Đăng ký mẫu" }));
  return screen.getByRole("dialog", { name: "Đăng ký mẫu ZNS" });
}

describe("messages: today", () => {
  it("replaces the placeholder: quota bars, the queue and the transport, clearly labelled", async () => {
    server();
    renderConsole("/messages");
    expect(await screen.findByRole("heading", { level: 1, name: "Tin nhắn" })).toBeInTheDocument();
    expect(screen.queryByText("Sắp ra mắt")).not.toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(within(nav).getByRole("link", { name: "Tin nhắn" })).toHaveAttribute("aria-current", "page");

    const quota = await screen.findByRole("group", { name: "Hạn mức và hàng chờ hôm nay" });
    expect(screen.getByRole("heading", { level: 2, name: "Hôm nay, 10/06/2025" })).toBeInTheDocument();
    const sent = within(quota).getByRole("progressbar", { name: "Đã gửi / hạn mức ngày" });
    expect(sent).toHaveAttribute("aria-valuenow", "82");
    expect(sent).toHaveAttribute("aria-valuetext", "412 / 500 (82%)");
    expect(within(quota).getByText("Còn 88 tin trong hạn mức ZNS hôm nay.")).toBeInTheDocument();
    const promo = within(quota).getByRole("progressbar", { name: "Khuyến mãi / phần riêng" });
    expect(promo).toHaveAttribute("aria-valuenow", "100");
    expect(promo).toHaveClass("progress-full");
    expect(quota).toHaveTextContent("Đang chờ gửi3");
    expect(quota).toHaveTextContent("Đang gửi, chờ Zalo xác nhận1");
    // The sandbox is said in the header and in the panel, so nobody believes a member got it.
    expect(screen.getAllByText("Sandbox · không gửi thật")).toHaveLength(2);
    expect(screen.getByText(/tin không tới Zalo mà vào Hộp thư thử nghiệm/)).toBeInTheDocument();

    const table = screen.getByRole("table", { name: "Số tin của từng mẫu theo trạng thái" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map(cells)).toEqual([
      ["Cập nhật điểm", "0", "0", "0", "3", "12", "1", "0", "16"],
      ["Chào mừng thành viên", "2", "0", "0", "0", "20", "0", "1", "23"],
      ["Khuyến mãi cuối tuần", "0", "0", "0", "0", "0", "0", "0", "0"],
      ["Voucher vừa đổi", "0", "0", "1", "0", "4", "0", "0", "5"],
    ]);
    // The in-doubt count leads to those messages in the log.
    await userEvent.click(within(quota).getByRole("link", { name: "Xem các tin chờ xác nhận" }));
    expect(currentLocation().search).toBe("?tab=log&status=in_doubt");
  });

  it("shows Zalo's own count when it is known, and a promotional hold with the next try", async () => {
    server("manager", {
      "GET /api/console/messaging/quota": {
        body: {
          ...QUOTA,
          transport: "zalo",
          zalo: { used: 450, at: "2025-06-10T06:12:00.000Z" },
          hold: { scope: "promotion", probeAt: "2025-06-10T07:00:00.000Z" },
        },
      },
    });
    renderConsole("/messages");
    const quota = await screen.findByRole("group", { name: "Hạn mức và hàng chờ hôm nay" });
    // Zalo counts 450 (another system shares the OA): what is left follows Zalo, not our 412.
    expect(
      within(quota).getByText(
        "Còn 50 tin trong hạn mức ZNS hôm nay. Theo Zalo lúc 13:12: đã dùng 450 tin (kể cả hệ thống khác dùng chung OA).",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText("Hết hạn mức khuyến mại — tin CSKH vẫn gửi; thử lại lúc 14:00.")).toBeInTheDocument();
  });

  it("under real Zalo says so, and has no sandbox inbox", async () => {
    server("manager", { "GET /api/console/messaging/quota": { body: { ...QUOTA, transport: "zalo" } } });
    renderConsole("/messages?tab=sandbox");
    expect(await screen.findAllByText("Zalo ZNS · đang gửi thật")).toHaveLength(2);
    expect(screen.queryByRole("tab", { name: "Hộp thư thử nghiệm" })).not.toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Hôm nay" })).toHaveAttribute("aria-selected", "true");
  });
});

describe("messages: the OA's connection", () => {
  const disconnected = {
    ...QUOTA,
    transport: "zalo" as const,
    queued: 37,
    oa: {
      state: "disconnected" as const,
      disconnectedAt: "2025-06-10T02:15:00.000Z",
      reason: "refresh_answer_lost" as const,
      zaloError: -14020,
    },
  };

  it("says on every tab that the OA is disconnected: messages held, not lost, how many, why, and what to do", async () => {
    server("manager", { "GET /api/console/messaging/quota": { body: disconnected } });
    renderConsole("/messages");
    const banner = await screen.findByRole("alert", { name: "OA đã ngắt kết nối — kết nối lại OA" });
    expect(banner).toHaveTextContent("37 tin đang được giữ trong hàng chờ: không tin nào bị mất hay bị tính là gửi lỗi");
    expect(banner).toHaveTextContent("10/06/2025");
    expect(banner).toHaveTextContent("một lần làm mới token bị mất câu trả lời");
    expect(banner).toHaveTextContent("-14020");
    expect(banner).toHaveTextContent("mở thẻ “Kết nối Zalo”, bấm “Kết nối lại”");
    // Still there on another tab; its link leads to the held messages.
    await userEvent.click(screen.getByRole("tab", { name: /Mẫu ZNS/ }));
    const again = screen.getByRole("alert", { name: "OA đã ngắt kết nối — kết nối lại OA" });
    await userEvent.click(within(again).getByRole("link", { name: "Xem các tin đang chờ" }));
    expect(currentLocation().search).toBe("?tab=log&status=queued");

    await userEvent.click(screen.getByRole("button", { name: "English" }));
    const english = await screen.findByRole("alert", { name: "The OA is disconnected — reconnect the OA" });
    expect(english).toHaveTextContent("37 messages are held in the queue: none is lost or counted as a failed attempt");
  });

  it("says when no OA is connected yet, and nothing with a connected OA or the sandbox", async () => {
    server("manager", {
      "GET /api/console/messaging/quota": {
        body: { ...disconnected, oa: { state: "not_connected", disconnectedAt: null, reason: null, zaloError: null } },
      },
    });
    const first = renderConsole("/messages");
    expect(await screen.findByRole("alert", { name: "OA chưa được kết nối" })).toHaveTextContent("37 tin đang được giữ");
    first.unmount();

    for (const quota of [{ ...disconnected, oa: { state: "connected", disconnectedAt: null, reason: null, zaloError: null } }, QUOTA]) {
      server("manager", { "GET /api/console/messaging/quota": { body: quota } });
      const view = renderConsole("/messages");
      await screen.findByRole("group", { name: "Hạn mức và hàng chờ hôm nay" });
      expect(screen.queryByRole("alert")).not.toBeInTheDocument();
      view.unmount();
    }
  });
});

describe("messages: templates", () => {
  it("lists the templates with their ZNS id, type, trigger, state and counts", async () => {
    server();
    renderConsole("/messages?tab=templates");
    const table = await screen.findByRole("table", { name: "Mẫu ZNS đã đăng ký" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map(cells)).toEqual([
      ["Cập nhật điểmMã ZNS 301002", "Chăm sóc khách hàngTự động khi: Được cộng điểm", "Đang dùng", "3 đã gửi12 đã nhận1 thất bại", "Sửa"],
      [
        "Chào mừng thành viênMã ZNS 301001",
        "Chăm sóc khách hàngTự động khi: Thành viên mới tham gia",
        "Đang dùng",
        "2 chờ gửi20 đã nhận1 đã huỷ",
        "Sửa",
      ],
      ["Khuyến mãi cuối tuầnMã ZNS 301004", "Khuyến mãiKhông tự động", "Đã tắt", "Chưa có tin", "Sửa"],
      [
        "Voucher vừa đổiMã ZNS 301003",
        "Chăm sóc khách hàngTự động khi: Đổi quà nhận voucher",
        "Đang dùng",
        "1 chờ Zalo xác nhận4 đã nhận",
        "Sửa",
      ],
    ]);
  });

  it("registers a template: the body sent is exactly what was entered, with a live preview", async () => {
    const { api } = server();
    renderConsole("/messages?tab=templates");
    const dialog = await openRegister();
    expect(within(dialog).getByRole("textbox", { name: "Tên mẫu" })).toHaveFocus();

    await userEvent.type(within(dialog).getByRole("textbox", { name: "Tên mẫu" }), "Sinh nhật thành viên");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Mã mẫu ZNS" }), "301005");
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Loại tin" }), "Khuyến mãi");
    expect(within(dialog).getByRole("combobox", { name: "Loại tin" })).toHaveAccessibleDescription(
      "Chỉ gửi cho thành viên đồng ý nhận “Tin khuyến mãi qua Zalo (ZNS)”.",
    );

    const first = param(dialog, 1);
    await userEvent.type(within(first).getByRole("textbox", { name: "Tên tham số" }), "ten");
    await userEvent.type(within(first).getByRole("textbox", { name: "Giá trị dự phòng" }), "Quý khách");

    await userEvent.click(within(dialog).getByRole("button", { name: "Thêm tham số" }));
    const second = param(dialog, 2);
    await userEvent.type(within(second).getByRole("textbox", { name: "Tên tham số" }), "qua");
    await userEvent.selectOptions(within(second).getByRole("combobox", { name: "Loại ZNS" }), "product");
    await userEvent.selectOptions(within(second).getByRole("combobox", { name: "Lấy giá trị từ" }), "Giá trị cố định");
    await userEvent.type(within(second).getByRole("textbox", { name: "Giá trị cố định" }), "Bánh ngọt miễn phí");

    await userEvent.click(within(dialog).getByRole("button", { name: "Thêm tham số" }));
    const third = param(dialog, 3);
    await userEvent.type(within(third).getByRole("textbox", { name: "Tên tham số" }), "cua_hang");
    await userEvent.selectOptions(within(third).getByRole("combobox", { name: "Loại ZNS" }), "label");
    await userEvent.selectOptions(within(third).getByRole("combobox", { name: "Lấy giá trị từ" }), "Cửa hàng hay ghé");
    await userEvent.type(within(third).getByRole("textbox", { name: "Giá trị dự phòng" }), "Cà Phê Mây");

    const text = within(dialog).getByRole("textbox", { name: "Nội dung mẫu" });
    await userEvent.type(text, "Chúc mừng sinh nhật <ten>! Tặng bạn ");
    // The parameter buttons put <name> where the caret is.
    await userEvent.click(within(dialog).getByRole("button", { name: "Chèn <qua> vào nội dung" }));
    await userEvent.type(text, " tại <cua_hang>.");
    expect(text).toHaveValue("Chúc mừng sinh nhật <ten>! Tặng bạn <qua> tại <cua_hang>.");

    const preview = within(dialog).getByRole("complementary", { name: "Xem trước" });
    expect(preview).toHaveTextContent("Chúc mừng sinh nhật Nguyễn Thị Lan! Tặng bạn Bánh ngọt miễn phí tại Cà Phê Mây Lê Lợi.");

    await userEvent.click(within(dialog).getByRole("button", { name: "Đăng ký mẫu" }));
    await waitFor(() => expect(api.to("POST", TEMPLATES)).toHaveLength(1));
    expect(api.to("POST", TEMPLATES)[0]!.body).toEqual({
      name: "Sinh nhật thành viên",
      znsTemplateId: "301005",
      tag: "promotion",
      kind: "custom",
      params: [
        { name: "ten", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
        { name: "qua", type: "product", source: { fixed: "Bánh ngọt miễn phí" } },
        { name: "cua_hang", type: "label", source: { field: "preferred_store" }, fallback: "Cà Phê Mây" },
      ],
      preview: "Chúc mừng sinh nhật <ten>! Tặng bạn <qua> tại <cua_hang>.",
      trigger: null,
      active: true,
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(notice()).toHaveTextContent("Đã đăng ký mẫu “Sinh nhật thành viên”.");
    const table = await screen.findByRole("table", { name: "Mẫu ZNS đã đăng ký" });
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(6));
  });

  it("registers a service rating template: stars in the preview, Zalo's tag-2 rules checked before sending", async () => {
    const { api } = server();
    renderConsole("/messages?tab=templates");
    const dialog = await openRegister();
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Tên mẫu" }), "Đánh giá sau mua");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Mã mẫu ZNS" }), "301009");
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Loại mẫu" }), "Đánh giá dịch vụ (1–5 sao)");
    const preview = within(dialog).getByRole("complementary", { name: "Xem trước" });
    expect(within(preview).getByRole("img", { name: "Zalo hiện 1–5 sao để thành viên chạm chọn" })).toBeInTheDocument();

    const first = param(dialog, 1);
    await userEvent.type(within(first).getByRole("textbox", { name: "Tên tham số" }), "ten");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Nội dung mẫu" }), "Cảm ơn <ten> đã ghé. Bạn hài lòng chứ?");
    await userEvent.click(within(dialog).getByRole("button", { name: "Đăng ký mẫu" }));
    // Only the customer's name: a rating template also needs the purchase's code.
    expect(await within(dialog).findByText(/cần một tham số tên khách hàng và một tham số mã/)).toBeInTheDocument();
    expect(api.to("POST", TEMPLATES)).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole("button", { name: "Thêm tham số" }));
    const second = param(dialog, 2);
    await userEvent.type(within(second).getByRole("textbox", { name: "Tên tham số" }), "ma_don");
    await userEvent.selectOptions(within(second).getByRole("combobox", { name: "Loại ZNS" }), "code");
    await userEvent.selectOptions(within(second).getByRole("combobox", { name: "Lấy giá trị từ" }), "Mã giao dịch được khảo sát");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Nội dung mẫu" }), " Đơn <ma_don>.");
    await userEvent.selectOptions(
      within(dialog).getByRole("combobox", { name: "Tự động gửi khi" }),
      "Khảo sát sau mua · đánh giá sao trong tin ZNS",
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Đăng ký mẫu" }));
    await waitFor(() => expect(api.to("POST", TEMPLATES)).toHaveLength(1));
    expect(api.to("POST", TEMPLATES)[0]!.body).toMatchObject({
      tag: "customer_care",
      kind: "rating",
      trigger: "survey_rating",
      params: [
        { name: "ten", type: "customer_name", source: { field: "name" } },
        { name: "ma_don", type: "code", source: { field: "transaction_code" } },
      ],
    });
  });

  it("checks the template before sending: problems show next to their field and nothing is sent", async () => {
    const { api } = server();
    renderConsole("/messages?tab=templates");
    const dialog = await openRegister();

    await userEvent.type(within(dialog).getByRole("textbox", { name: "Mã mẫu ZNS" }), "301001");
    // As you type: the edited field's problem shows at once, the untouched name is not red yet.
    expect(within(dialog).getByRole("textbox", { name: "Mã mẫu ZNS" })).toHaveAccessibleDescription(
      /Mẫu “Chào mừng thành viên” đã dùng mã ZNS này\./,
    );
    expect(within(dialog).getByRole("textbox", { name: "Tên mẫu" })).toHaveAttribute("aria-invalid", "false");
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Tự động gửi khi" }), "Thành viên mới tham gia");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Nội dung mẫu" }), "Xin chào <ten_khach>!");
    const first = param(dialog, 1);
    await userEvent.type(within(first).getByRole("textbox", { name: "Tên tham số" }), "Tên khách");
    await userEvent.selectOptions(within(first).getByRole("combobox", { name: "Loại ZNS" }), "title");
    await userEvent.selectOptions(within(first).getByRole("combobox", { name: "Lấy giá trị từ" }), "fixed");
    await userEvent.type(within(first).getByRole("textbox", { name: "Giá trị cố định" }), "Anh/Chị");
    await userEvent.click(within(dialog).getByRole("button", { name: "Đăng ký mẫu" }));

    expect(api.to("POST", TEMPLATES)).toHaveLength(0);
    expect(within(dialog).getByText(/^Chưa lưu được: còn \d+ chỗ cần sửa/)).toBeInTheDocument();
    const name = within(dialog).getByRole("textbox", { name: "Tên mẫu" });
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription(/Không được để trống\./);
    // The two uniqueness rules, checked against the list already on screen.
    expect(within(dialog).getByRole("textbox", { name: "Mã mẫu ZNS" })).toHaveAccessibleDescription(
      /Mẫu “Chào mừng thành viên” đã dùng mã ZNS này\./,
    );
    expect(within(dialog).getByRole("combobox", { name: "Tự động gửi khi" })).toHaveAccessibleDescription(
      /Mẫu “Chào mừng thành viên” đã dùng sự kiện này/,
    );
    const paramName = within(first).getByRole("textbox", { name: "Tên tham số" });
    expect(paramName).toHaveAccessibleDescription(/Tên tham số viết thường, không dấu/);
    expect(within(first).getByRole("textbox", { name: "Giá trị cố định" })).toHaveAccessibleDescription(
      /Giá trị cố định: dài hơn 5 ký tự\./,
    );

    // The suggested name fixes the name; the text does not show it yet, so the text says so.
    await userEvent.click(within(first).getByRole("button", { name: "Dùng ten_khach" }));
    expect(paramName).toHaveValue("ten_khach");
    expect(paramName).toHaveAttribute("aria-invalid", "false");
    await userEvent.clear(within(dialog).getByRole("textbox", { name: "Nội dung mẫu" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Nội dung mẫu" }), "Xin chào <ten>!");
    expect(within(dialog).getByRole("textbox", { name: "Nội dung mẫu" })).toHaveAccessibleDescription(/Nội dung chưa có <ten_khach>\./);
    expect(api.to("POST", TEMPLATES)).toHaveLength(0);
    // Unsaved: Escape asks before the panel and its edits go.
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    await userEvent.keyboard("{Escape}");
    expect(confirm).toHaveBeenCalledWith("Bạn có thay đổi chưa lưu. Rời trang và bỏ các thay đổi này?");
    expect(dialog).toBeInTheDocument();
  });

  it("shows the server's template_invalid issues by field and parameter", async () => {
    const issues = [
      { code: "zns_id_format", field: "znsTemplateId", params: { max: 40 } },
      { code: "zalo_rejected_param", field: "params.1" },
    ];
    const { api } = server("admin", {
      [`PUT ${TEMPLATES}/${TEMPLATE_IDS.welcome}`]: {
        status: 422,
        body: { error: { code: "template_invalid", message: "The template cannot be saved as it is.", issues } },
      },
    });
    renderConsole("/messages?tab=templates");
    await userEvent.click(await screen.findByRole("button", { name: "Sửa mẫu Chào mừng thành viên" }));
    const dialog = screen.getByRole("dialog", { name: "Sửa mẫu ZNS" });
    expect(within(dialog).getByRole("textbox", { name: "Mã mẫu ZNS" })).toHaveValue("301001");
    expect(within(param(dialog, 2)).getByRole("textbox", { name: "Tên tham số" })).toHaveValue("ma_khach_hang");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /Đang dùng/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Lưu mẫu" }));

    await waitFor(() => expect(api.to("PUT", `${TEMPLATES}/${TEMPLATE_IDS.welcome}`)).toHaveLength(1));
    expect(api.to("PUT", `${TEMPLATES}/${TEMPLATE_IDS.welcome}`)[0]!.body).toMatchObject({
      znsTemplateId: "301001",
      trigger: "welcome",
      active: false,
    });
    const zns = await within(dialog).findByRole("textbox", { name: "Mã mẫu ZNS" });
    await waitFor(() => expect(zns).toHaveAttribute("aria-invalid", "true"));
    expect(zns).toHaveAccessibleDescription(/Mã mẫu ZNS gồm 1–40 chữ cái hoặc chữ số/);
    // A code the console does not know is shown as it came, on its parameter.
    expect(within(param(dialog, 2)).getByText("zalo_rejected_param")).toBeInTheDocument();
    expect(within(param(dialog, 1)).queryByText("zalo_rejected_param")).not.toBeInTheDocument();
    expect(screen.getByRole("dialog")).toBeInTheDocument();

    // Editing the field clears the server's message about it.
    await userEvent.type(zns, "9");
    expect(zns).toHaveAttribute("aria-invalid", "false");
  });

  it("on template_conflict re-reads the list and names the template that holds the ZNS id", async () => {
    const taken: TemplateView = {
      ...messagingTemplates()[2]!,
      id: "20000000-0000-4000-8000-000000000050",
      name: "Sinh nhật (Lan tạo)",
      znsTemplateId: "309999",
      trigger: null,
    };
    const ctx = server("manager", {
      [`POST ${TEMPLATES}`]: () => {
        ctx.current.templates = [...ctx.current.templates, taken];
        return apiError(409, "template_conflict");
      },
    });
    renderConsole("/messages?tab=templates");
    const dialog = await openRegister();
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Tên mẫu" }), "Sinh nhật");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Mã mẫu ZNS" }), "309999");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Nội dung mẫu" }), "Chúc mừng sinh nhật <ten>!");
    await userEvent.type(within(param(dialog, 1)).getByRole("textbox", { name: "Tên tham số" }), "ten");
    await userEvent.click(within(dialog).getByRole("button", { name: "Đăng ký mẫu" }));

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Mã mẫu ZNS hoặc sự kiện tự động vừa được một mẫu khác dùng.");
    await waitFor(() =>
      expect(within(dialog).getByRole("textbox", { name: "Mã mẫu ZNS" })).toHaveAccessibleDescription(
        /Mẫu “Sinh nhật \(Lan tạo\)” đã dùng mã ZNS này\./,
      ),
    );
    expect(ctx.api.to("POST", TEMPLATES)).toHaveLength(1);
  });

  it("shows marketers everything read-only, with no way to change or send", async () => {
    const { api } = server("marketer");
    renderConsole("/messages?tab=templates");
    expect(await screen.findByText(/Bạn đang xem ở chế độ chỉ đọc/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Đăng ký mẫu" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Xem mẫu Cập nhật điểm" }));
    const dialog = screen.getByRole("dialog", { name: "Mẫu ZNS" });
    for (const box of within(dialog).getAllByRole("textbox")) expect(box).toHaveAttribute("readonly");
    expect(within(dialog).getByRole("checkbox", { name: /Đang dùng/ })).toBeDisabled();
    expect(within(dialog).queryByRole("button", { name: /Lưu|Thêm tham số|Xoá tham số|Chèn/ })).not.toBeInTheDocument();
    expect(within(param(dialog, 2)).getByRole("textbox", { name: "Lấy giá trị từ" })).toHaveValue("Số điểm vừa được cộng");
    // The footer's Close (the header has its own ×).
    await userEvent.click(within(dialog).getAllByRole("button", { name: "Đóng" }).at(-1)!);
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    await userEvent.click(screen.getByRole("tab", { name: "Gửi thử" }));
    expect(screen.getByText("Chỉ Quản lý hoặc Quản trị viên mới gửi thử được")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Gửi thử" })).not.toBeInTheDocument();
    expect(api.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  });
});

describe("messages: log", () => {
  it("shows each message with its member, template, source, status and last error in words", async () => {
    server();
    renderConsole("/messages?tab=log");
    const table = await screen.findByRole("table", { name: "Nhật ký gửi tin, mới nhất trước" });
    // The header and the three messages (not the loading skeleton): wait for the end state.
    await waitFor(() => expect(within(table).queryAllByTestId("skeleton-row")).toHaveLength(0));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(4));
    const rows = within(table).getAllByRole("row");
    expect(rows.slice(1).map(cells)).toEqual([
      [
        "10/06/202508:05",
        `${LAN.displayName}${LAN.memberNo}`,
        "Cập nhật điểmTự động · Được cộng điểm",
        // The channel in words (issue 15): a ZNS message or a Mini App notification; this one went
        // by ZNS in place of a notification, which the log says.
        "Tin ZNS thay thông báo Mini App",
        "Đã nhậnLần gửi: 1",
        // What rendering did so the message could go (issue 11 item 7): said, not an error.
        "<ten_khach_hang> được rút gọn còn 30 ký tự",
        "Nội dung",
      ],
      [
        "10/06/202507:40",
        `${MEMBERS[1]!.displayName}${MEMBERS[1]!.memberNo}`,
        "Chào mừng thành viênTự động · Thành viên mới tham gia",
        "Tin ZNS",
        "Thất bạiLần gửi: 1",
        "Số điện thoại chưa có tài khoản Zalo.zns_-118",
        "Nội dung",
      ],
      [
        "09/06/202522:00",
        `${LAN.displayName}${LAN.memberNo}`,
        "Khuyến mãi cuối tuầnGửi thử",
        "Tin ZNS",
        // A console test send, in Zalo's development mode: marked beside its status.
        "Đã huỷThửLần gửi: 0",
        "Thành viên đã rút lại đồng ý nhận loại tin này.consent_withdrawn",
        "Nội dung",
      ],
    ]);
    expect(within(rows[2]!).getByRole("link", { name: MEMBERS[1]!.displayName })).toHaveAttribute(
      "href",
      `/members/${MEMBERS[1]!.memberId}`,
    );
    expect(within(rows[2]!).getByText("Thất bại")).toHaveClass("msg-status-failed");

    const toggle = within(rows[2]!).getByRole("button", { name: "Nội dung tin gửi Trần Văn Minh lúc 10/06/2025 07:40" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const detail = document.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect(detail).toHaveTextContent("Chào mừng Trần Văn Minh đến với Cà Phê Mây! Mã thành viên của bạn: 00100023.");
    expect(detail).toHaveTextContent("Mã theo dõia1b2c3d4e5f60718293a4b5c6d7e8f90");
  });

  it("puts the filters in the URL and in the request, and pages with before", async () => {
    const { api } = server();
    renderConsole("/messages?tab=log");
    await screen.findByRole("table", { name: "Nhật ký gửi tin, mới nhất trước" });
    await waitFor(() => expect(api.to("GET", MESSAGES)).toHaveLength(1));
    expect(lastQuery(api, MESSAGES)).toEqual({ limit: "50" });

    const filters = screen.getByRole("search", { name: "Lọc nhật ký" });
    await userEvent.selectOptions(within(filters).getByRole("combobox", { name: "Trạng thái" }), "Thất bại");
    await userEvent.selectOptions(within(filters).getByRole("combobox", { name: "Nguồn" }), "Tự động · Thành viên mới tham gia");
    await userEvent.selectOptions(within(filters).getByRole("combobox", { name: "Mẫu" }), "Chào mừng thành viên");
    // Chosen in words, never typed as a code (issue 16): the option sends the stored code.
    const reason = within(filters).getByRole("combobox", { name: "Lý do lỗi" });
    expect(within(reason).queryByText(/zns_-118|quiet_hours/)).not.toBeInTheDocument();
    await userEvent.selectOptions(reason, "Số điện thoại chưa có tài khoản Zalo.");
    await userEvent.selectOptions(within(filters).getByRole("combobox", { name: "Kênh" }), "Thông báo Mini App");

    await waitFor(() =>
      expect(lastQuery(api, MESSAGES)).toEqual({
        status: "failed",
        source: "trigger:welcome",
        templateId: TEMPLATE_IDS.welcome,
        error: "zns_-118",
        channel: "miniapp",
        limit: "50",
      }),
    );
    expect(Object.fromEntries(currentLocation().searchParams)).toEqual({
      tab: "log",
      status: "failed",
      source: "trigger:welcome",
      template: TEMPLATE_IDS.welcome,
      error: "zns_-118",
      channel: "miniapp",
    });

    await userEvent.click(screen.getByRole("button", { name: "Cũ hơn" }));
    await waitFor(() =>
      expect(lastQuery(api, MESSAGES)).toMatchObject({
        before: "2025-06-09T15:00:00.000Z~5b0c2f1e-8d4a-4c1b-9f7e-2a6d3c4b5e6f",
        status: "failed",
      }),
    );
    expect(currentLocation().searchParams.get("before")).toBe("2025-06-09T15:00:00.000Z~5b0c2f1e-8d4a-4c1b-9f7e-2a6d3c4b5e6f");
    await screen.findByRole("table", { name: "Nhật ký gửi tin, mới nhất trước" });
    await userEvent.click(await screen.findByRole("button", { name: "Mới hơn" }));
    await waitFor(() => expect(currentLocation().searchParams.has("before")).toBe(false));
    expect(lastQuery(api, MESSAGES)).not.toHaveProperty("before");

    await userEvent.click(screen.getByRole("button", { name: "Xoá bộ lọc" }));
    await waitFor(() => expect(lastQuery(api, MESSAGES)).toEqual({ limit: "50" }));
    expect(currentLocation().search).toBe("?tab=log");
  });

  it("opens with the filters of a shared link", async () => {
    const { api } = server();
    renderConsole(`/messages?tab=log&status=in_doubt&source=test&template=${TEMPLATE_IDS.voucher}&error=no_answer`);
    await screen.findByRole("table", { name: "Nhật ký gửi tin, mới nhất trước" });
    await waitFor(() =>
      expect(lastQuery(api, MESSAGES)).toEqual({
        status: "in_doubt",
        source: "test",
        templateId: TEMPLATE_IDS.voucher,
        error: "no_answer",
        limit: "50",
      }),
    );
    const filters = screen.getByRole("search", { name: "Lọc nhật ký" });
    expect(within(filters).getByRole("combobox", { name: "Trạng thái" })).toHaveDisplayValue("Chờ Zalo xác nhận");
    expect(within(filters).getByRole("combobox", { name: "Nguồn" })).toHaveDisplayValue("Gửi thử");
    // A code of a shared link the list does not hold is kept, said in words.
    expect(within(filters).getByRole("combobox", { name: "Lý do lỗi" })).toHaveValue("no_answer");
    await waitFor(() => expect(within(filters).getByRole("combobox", { name: "Mẫu" })).toHaveDisplayValue("Voucher vừa đổi"));
  });

  it("speaks English after switching language", async () => {
    server();
    renderConsole("/messages?tab=log");
    await screen.findByRole("table", { name: "Nhật ký gửi tin, mới nhất trước" });
    await userEvent.click(screen.getByRole("button", { name: "English" }));
    const table = screen.getByRole("table", { name: "Message log, newest first" });
    const failed = within(table).getAllByRole("row")[2]!;
    expect(cells(failed)).toEqual([
      "Jun 10, 202507:40",
      `${MEMBERS[1]!.displayName}${MEMBERS[1]!.memberNo}`,
      "Chào mừng thành viênAutomatic · A new member joins",
      "ZNS message",
      "FailedAttempts: 1",
      "No Zalo account for this phone number.zns_-118",
      "Text",
    ]);
    expect(screen.getByRole("tab", { name: "Sandbox inbox" })).toBeInTheDocument();
  });
});

/** "Gửi thử", then the confirmation's "Xác nhận gửi thử": nothing goes on the first click. */
async function confirmSend() {
  await userEvent.click(await screen.findByRole("button", { name: "Gửi thử" }));
  const confirm = await screen.findByRole("group", { name: /^Gửi thử (ở chế độ phát triển của Zalo|vào hộp thư thử nghiệm)$/ });
  await userEvent.click(within(confirm).getByRole("button", { name: "Xác nhận gửi thử" }));
}

describe("messages: test send", () => {
  it("asks for a template and a member, then shows why nothing was sent", async () => {
    const replies: MockReply[] = [
      {
        body: {
          queued: false,
          messageId: null,
          reason: "invalid",
          detail: null,
          problems: [
            { code: "value_missing", field: "ten_qua" },
            { code: "value_missing", field: "ma_voucher" },
          ],
        },
      },
      { body: { queued: false, messageId: null, reason: "no_consent", detail: "withdrawn", problems: [] } },
      { body: { queued: false, messageId: null, reason: "duplicate", detail: null, problems: [] } },
      { body: { queued: true, messageId: "30000000-0000-4000-8000-000000000042", reason: null, detail: null, problems: [] } },
    ];
    const { api } = server("manager", { [`POST ${TEST_SEND}`]: () => replies.shift()! });
    renderConsole("/messages?tab=test");
    const send = await screen.findByRole("button", { name: "Gửi thử" });
    await userEvent.click(send);
    expect(screen.getByRole("combobox", { name: "Mẫu" })).toHaveAccessibleDescription("Chọn một mẫu.");
    expect(screen.getByRole("searchbox", { name: "Thành viên" })).toHaveAccessibleDescription("Tìm và chọn một thành viên.");
    expect(api.to("POST", TEST_SEND)).toHaveLength(0);

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Mẫu" }), "Voucher vừa đổi");
    await userEvent.type(screen.getByRole("searchbox", { name: "Thành viên" }), "Lan");
    await waitFor(() => expect(lastQuery(api, "/api/console/members")).toEqual({ q: "Lan", page: "1", pageSize: "8" }));
    await userEvent.click(await screen.findByRole("radio", { name: /Nguyễn Thị Lan/ }));
    expect(screen.queryByRole("searchbox", { name: "Thành viên" })).not.toBeInTheDocument();
    expect(screen.getByText(LAN.memberNo)).toBeInTheDocument();

    // The voucher's reward and code exist only when a member redeems: samples are offered.
    expect(await screen.findByRole("textbox", { name: "<ten_qua>" })).toHaveValue("Cà phê sữa đá miễn phí");
    expect(screen.getByRole("textbox", { name: "<ma_voucher>" })).toHaveValue("MAY7K2Q9");
    await confirmSend();
    await waitFor(() => expect(api.to("POST", TEST_SEND)).toHaveLength(1));
    expect(api.to("POST", TEST_SEND)[0]!.body).toEqual({
      templateId: TEMPLATE_IDS.voucher,
      memberId: LAN.memberId,
      samples: { ten_qua: "Cà phê sữa đá miễn phí", ma_voucher: "MAY7K2Q9" },
    });
    let alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Không gửi cho Nguyễn Thị Lan");
    expect(alert).toHaveTextContent("Không tạo được nội dung từ dữ liệu của Nguyễn Thị Lan:");
    expect(
      within(alert)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "<ten_qua>: thành viên chưa có giá trị này và tham số không có giá trị dự phòng",
      "<ma_voucher>: thành viên chưa có giá trị này và tham số không có giá trị dự phòng",
    ]);
    expect(alert).toHaveTextContent("Tin được ghi vào nhật ký với trạng thái Thất bại");
    // The problems came as codes: the console says them in its language, and again after a switch.
    await userEvent.click(screen.getByRole("button", { name: "English" }));
    expect(
      within(screen.getByRole("alert"))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "<ten_qua>: the member has no value and the parameter has no fallback",
      "<ma_voucher>: the member has no value and the parameter has no fallback",
    ]);
    await userEvent.click(screen.getByRole("button", { name: "Tiếng Việt" }));

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Mẫu" }), "Khuyến mãi cuối tuần (đã tắt)");
    await confirmSend();
    await waitFor(() => expect(api.to("POST", TEST_SEND)).toHaveLength(2));
    alert = await screen.findByRole("alert");
    await waitFor(() => expect(alert).toHaveTextContent("Nguyễn Thị Lan đã rút lại đồng ý nhận “Tin khuyến mãi qua Zalo (ZNS)”."));

    await confirmSend();
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Tin giống hệt vừa được xếp hàng; không gửi lần nữa."));

    await confirmSend();
    const done = await screen.findByText("Đã xếp hàng tin “Khuyến mãi cuối tuần” gửi Nguyễn Thị Lan.");
    expect(done.closest('[role="status"]')).not.toBeNull();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Hộp thư thử nghiệm" })).toHaveAttribute("href", "/messages?tab=sandbox");
  });
});

describe("messages: test send of the points template (issue 11 item 8)", () => {
  it("prefills a sample for diem, checks it, states Zalo's development mode and sends only after confirmation", async () => {
    const { api } = server("manager", {
      "GET /api/console/messaging/quota": { body: { ...QUOTA, transport: "zalo" } },
      [`POST ${TEST_SEND}`]: {
        body: { queued: true, messageId: "30000000-0000-4000-8000-000000000043", reason: null, detail: null, problems: [] },
      },
    });
    renderConsole("/messages?tab=test");
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Mẫu" }), "Cập nhật điểm");
    // No member is chosen for the operator: the send asks for one.
    expect(screen.queryByRole("radio")).not.toBeInTheDocument();
    await userEvent.type(screen.getByRole("searchbox", { name: "Thành viên" }), "Lan");
    await userEvent.click(await screen.findByRole("radio", { name: /Nguyễn Thị Lan/ }));

    // Only diem lacks a value; its sample is prefilled, editable, and the preview reads it.
    const diem = await screen.findByRole("textbox", { name: "<diem>" });
    expect(diem).toHaveValue("45");
    expect(screen.queryByRole("textbox", { name: "<tong_diem>" })).not.toBeInTheDocument();
    expect(screen.getByText(/bạn vừa được cộng 45 điểm/)).toBeInTheDocument();
    await userEvent.clear(diem);
    await userEvent.type(diem, "nhiều");
    await userEvent.click(screen.getByRole("button", { name: "Gửi thử" }));
    expect(diem).toHaveAccessibleDescription("phải là số nguyên");
    expect(screen.queryByRole("group", { name: /chế độ phát triển/ })).not.toBeInTheDocument();

    await userEvent.clear(diem);
    await userEvent.type(diem, "1.250");
    expect(screen.getByText(/bạn vừa được cộng 1250 điểm/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Gửi thử" }));
    let confirm = screen.getByRole("group", { name: "Gửi thử ở chế độ phát triển của Zalo" });
    expect(within(confirm).getByRole("button", { name: "Xác nhận gửi thử" })).toHaveFocus();
    expect(confirm).toHaveAccessibleDescription(
      `Tin “Cập nhật điểm” đi ở chế độ phát triển: không tính vào hạn mức hằng ngày và giới hạn tin khuyến mãi, chỉ gửi tới ${LAN.displayName} (${LAN.phoneMasked}). Zalo chỉ giao tin ở chế độ này cho quản trị viên của OA: nếu số này không phải của một quản trị viên, tin sẽ không tới.`,
    );
    // Back: nothing was sent.
    await userEvent.click(within(confirm).getByRole("button", { name: "Quay lại" }));
    expect(screen.queryByRole("group", { name: /chế độ phát triển/ })).not.toBeInTheDocument();
    expect(api.to("POST", TEST_SEND)).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "Gửi thử" }));
    confirm = screen.getByRole("group", { name: "Gửi thử ở chế độ phát triển của Zalo" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Xác nhận gửi thử" }));
    await waitFor(() => expect(api.to("POST", TEST_SEND)).toHaveLength(1));
    expect(api.to("POST", TEST_SEND)[0]!.body).toEqual({
      templateId: TEMPLATE_IDS.points,
      memberId: LAN.memberId,
      samples: { diem: "1.250" },
    });
    expect(await screen.findByText("Đã xếp hàng tin “Cập nhật điểm” gửi Nguyễn Thị Lan.")).toBeInTheDocument();
  });

  it("says before any confirmation that the member has not consented, and offers no send", async () => {
    const { api } = server("manager", {
      [`GET ${TEST_PREVIEW}`]: (req) => {
        const reply = testPreview(req);
        return { body: { ...reply.body, consentRefusal: "withdrawn" } };
      },
    });
    renderConsole("/messages?tab=test");
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Mẫu" }), "Cập nhật điểm");
    await userEvent.type(screen.getByRole("searchbox", { name: "Thành viên" }), "Lan");
    await userEvent.click(await screen.findByRole("radio", { name: /Nguyễn Thị Lan/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Nguyễn Thị Lan đã rút lại đồng ý nhận “Tin chăm sóc & giao dịch qua Zalo (ZNS)”. Chọn thành viên khác để gửi thử.",
    );
    await userEvent.click(screen.getByRole("button", { name: "Gửi thử" }));
    expect(screen.queryByRole("group", { name: /^Gửi thử / })).not.toBeInTheDocument();
    expect(api.to("POST", TEST_SEND)).toHaveLength(0);
  });

  it("puts the server's test_samples_invalid issues under their sample", async () => {
    server("manager", {
      [`POST ${TEST_SEND}`]: {
        status: 422,
        body: {
          error: { code: "test_samples_invalid", message: "x", issues: [{ code: "value_too_long", field: "diem", params: { max: 20 } }] },
        },
      },
    });
    renderConsole("/messages?tab=test");
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Mẫu" }), "Cập nhật điểm");
    await userEvent.type(screen.getByRole("searchbox", { name: "Thành viên" }), "Lan");
    await userEvent.click(await screen.findByRole("radio", { name: /Nguyễn Thị Lan/ }));
    await screen.findByRole("textbox", { name: "<diem>" });
    await confirmSend();
    await waitFor(() => expect(screen.getByRole("textbox", { name: "<diem>" })).toHaveAccessibleDescription("dài hơn 20 ký tự"));
  });
});

describe("messages: sandbox inbox", () => {
  it("shows each message as the member reads it, newest first, and refreshes", async () => {
    const { api } = server();
    renderConsole("/messages?tab=sandbox");
    const list = await screen.findByRole("list", { name: "Tin trong hộp thư thử nghiệm" });
    const items = within(list).getAllByRole("article");
    expect(items.map((a) => a.getAttribute("aria-label"))).toEqual([
      "Tin gửi Trần Văn Minh lúc 10/06/2025 10:30",
      "Tin gửi Nguyễn Thị Lan lúc 10/06/2025 08:05",
    ]);
    expect(items[0]).toHaveTextContent("Chào mừng Trần Văn Minh đến với Cà Phê Mây! Mã thành viên của bạn: 00100023.");
    expect(items[0]).toHaveTextContent("0912 *** 101");
    expect(items[0]).toHaveTextContent("Mẫu: Chào mừng thành viên");
    expect(within(items[0]!).getByText("Đã gửi")).toHaveClass("msg-status-sent");
    expect(within(items[1]!).getByText("Đã nhận")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Làm mới" }));
    await waitFor(() => expect(api.to("GET", "/api/console/messaging/sandbox")).toHaveLength(2));
  });
});
