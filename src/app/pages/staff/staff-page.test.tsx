import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  apiError,
  card,
  earnResponse,
  IDS,
  me,
  scannedMember,
  session,
  STORES,
  voucherPreview,
  voucherUse,
} from "../../test-utils/fixtures";
import { localeAtom } from "../../state/locale";
import { mockApi, type Call } from "../../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../../test-utils/render-app";

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

  it("advises waiting for the card's next code when a code was just scanned", async () => {
    staffApi({ status: 409, body: apiError("qr_already_used") });
    const { user } = await openPasteField();
    await pasteAndCheck(user, CODE);

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Mã này vừa được quét. Mã trên thẻ của khách đổi sau mỗi 30 giây: đợi mã mới hiện ra rồi quét lại",
    );
    expect(screen.queryByRole("status", { name: "Thành viên hợp lệ" })).not.toBeInTheDocument();
  });

  it("keeps the member on screen when the same card is read again", async () => {
    staffApi((_call, nth) => (nth === 0 ? { status: 200, body: scannedMember() } : { status: 409, body: apiError("qr_already_used") }));
    const { user } = await openPasteField();
    await pasteAndCheck(user, CODE);
    await screen.findByRole("status", { name: "Thành viên hợp lệ" });

    await user.click(screen.getByRole("button", { name: "Quét mã thành viên" }));
    await pasteAndCheck(user, CODE);
    expect(await screen.findByText("Thẻ này vừa được xác nhận. Nhập hoá đơn bên dưới.")).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "Thành viên hợp lệ" })).toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Tích điểm" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("opens on the counter for staff, not on their own card", async () => {
    mockApi({ "GET /me": { status: 200, body: me({ role: "staff" }) }, "GET /members/me/card": { status: 200, body: card() } });
    renderApp();
    expect(await screen.findByRole("button", { name: "Quét mã thành viên" })).toBeInTheDocument();
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

type Routes = Parameters<typeof mockApi>[0];
type User = ReturnType<typeof renderApp>["user"];

function counterApi(routes: Routes = {}, opts: { stores?: typeof STORES } = {}) {
  return mockApi({
    "GET /me": { status: 200, body: me({ role: "staff", stores: opts.stores }) },
    "GET /members/me/card": { status: 200, body: card() },
    "POST /staff/scan-member": { status: 200, body: scannedMember() },
    "POST /staff/earn": { status: 200, body: earnResponse() },
    ...routes,
  });
}

async function verifyMember() {
  const app = await openPasteField();
  await pasteAndCheck(app.user, CODE);
  await screen.findByRole("form", { name: "Tích điểm" });
  return app;
}

async function fillEarn(user: User, bill: string, receipt: string) {
  const form = screen.getByRole("form", { name: "Tích điểm" });
  await user.type(within(form).getByLabelText("Số tiền hoá đơn (₫)"), bill);
  await user.type(within(form).getByLabelText("Số hoá đơn"), receipt);
  await user.click(within(form).getByRole("button", { name: "Tích điểm" }));
}

/** An instant (UTC hh:mm) on today's date in Vietnam (UTC+7, no daylight saving). */
const todayInVietnamAt = (utc: string) => `${new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)}T${utc}:00.000Z`;

const storedQueue = () =>
  JSON.parse(localStorage.getItem("ll.earnQueue") ?? "null") as {
    pending: Record<string, unknown>[];
    failed: Record<string, unknown>[];
  } | null;

describe("staff mode: awarding points", () => {
  it("posts the bill for the scanned member and confirms the points and new balance", async () => {
    const api = counterApi();
    const { user } = await verifyMember();
    expect(screen.getByTestId("staff-store")).toHaveTextContent("Cà Phê Mây — Cầu Giấy");

    const bill = screen.getByLabelText("Số tiền hoá đơn (₫)");
    expect(bill).toHaveAttribute("inputmode", "numeric");
    await fillEarn(user, "1250000", "HD-1001");
    expect(bill).toHaveValue("1.250.000");

    const done = await screen.findByRole("status", { name: "Đã cộng 125 điểm cho Trần Thu Hà" });
    expect(done).toHaveTextContent("Số dư mới: 1.375 điểm");
    expect(api.callsTo("POST /staff/earn")[0]?.body).toEqual({
      storeId: IDS.store,
      receiptNo: "HD-1001",
      billVnd: 1_250_000,
      member: { scanToken: "scan-token-0123456789" },
    });

    await user.click(within(done).getByRole("button", { name: "Khách tiếp theo" }));
    expect(screen.queryByRole("status", { name: "Đã cộng 125 điểm cho Trần Thu Hà" })).not.toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Tích điểm" })).not.toBeInTheDocument();
  });

  it.each([
    ["12.5", "Số tiền là số đồng nguyên, không có phần lẻ (ví dụ 125.000). Tối đa 100.000.000 ₫."],
    ["-5", "Số tiền phải lớn hơn 0 và không quá 100.000.000 ₫."],
    ["1e12", "Chỉ nhập chữ số, ví dụ 125.000. Số tiền từ 1 ₫ đến 100.000.000 ₫."],
    ["1000000000000", "Hoá đơn trên 100.000.000 ₫ cần quản lý xử lý."],
  ])("never reads the bill %j as another number: it is refused with the limit", async (typed, message) => {
    const api = counterApi();
    const { user } = await verifyMember();
    await fillEarn(user, typed, "HD-9");
    const form = screen.getByRole("form", { name: "Tích điểm" });
    expect(within(form).getByText(message)).toBeInTheDocument();
    expect(within(form).getByLabelText("Số tiền hoá đơn (₫)")).toHaveValue(typed);
    expect(api.callsTo("POST /staff/earn")).toHaveLength(0);
  });

  it("says the brand's limit when the server refuses the amount", async () => {
    counterApi({
      "POST /staff/earn": { status: 422, body: { error: { code: "bill_too_small", message: "x", params: { min: 10_000, max: 1 } } } },
    });
    const { user } = await verifyMember();
    await fillEarn(user, "5000", "HD-10");
    expect(await screen.findByRole("alert")).toHaveTextContent("Hoá đơn dưới 10.000 ₫ không được tích điểm.");
  });

  it("brings the submit button back above the bottom navigation after validation errors", async () => {
    counterApi();
    const { user } = await verifyMember();
    // jsdom has no layout (and no scrollIntoView): record which element the page brings into view.
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    try {
      const form = screen.getByRole("form", { name: "Tích điểm" });
      await user.click(within(form).getByRole("button", { name: "Tích điểm" }));
      await waitFor(() => expect(scrolled).toContain(within(form).getByRole("button", { name: "Tích điểm" })));
    } finally {
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    }
  });

  it("asks for what is missing before sending", async () => {
    const api = counterApi();
    const { user } = await verifyMember();
    const form = screen.getByRole("form", { name: "Tích điểm" });
    await user.click(within(form).getByRole("button", { name: "Tích điểm" }));

    expect(within(form).getByText("Nhập số tiền hoá đơn.")).toBeInTheDocument();
    expect(within(form).getByText("Nhập số hoá đơn.")).toBeInTheDocument();
    await user.type(within(form).getByLabelText("Số hoá đơn"), "HD 12");
    await user.click(within(form).getByRole("button", { name: "Tích điểm" }));
    expect(within(form).getByText("Số hoá đơn chỉ gồm chữ, số và các dấu . _ / -")).toBeInTheDocument();
    expect(api.callsTo("POST /staff/earn")).toHaveLength(0);
  });

  it("keeps the scanned member and the typed bill when the cashier switches tabs and comes back", async () => {
    const api = counterApi();
    const { user } = await verifyMember();
    const form = screen.getByRole("form", { name: "Tích điểm" });
    await user.type(within(form).getByLabelText("Số tiền hoá đơn (₫)"), "250000");
    await user.type(within(form).getByLabelText("Số hoá đơn"), "HD-55");

    await user.click(screen.getByRole("button", { name: "Tài khoản" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Tích điểm" })).not.toBeInTheDocument());
    await user.click(screen.getByRole("button", { name: "Nhân viên" }));

    const back = await screen.findByRole("form", { name: "Tích điểm" });
    expect(screen.getByRole("status", { name: "Thành viên hợp lệ" })).toHaveTextContent("Trần Thu Hà");
    expect(within(back).getByLabelText("Số tiền hoá đơn (₫)")).toHaveValue("250.000");
    expect(within(back).getByLabelText("Số hoá đơn")).toHaveValue("HD-55");
    await user.click(within(back).getByRole("button", { name: "Tích điểm" }));
    await screen.findByRole("status", { name: "Đã cộng 125 điểm cho Trần Thu Hà" });
    expect(api.callsTo("POST /staff/earn")[0]?.body).toMatchObject({ receiptNo: "HD-55", billVnd: 250_000 });
  });

  it("lets staff of several stores pick the store, and remembers it", async () => {
    const api = counterApi({}, { stores: STORES });
    const { user } = await openPasteField();
    await user.selectOptions(screen.getByLabelText("Cửa hàng"), "Cà Phê Mây — Quận 1");
    await pasteAndCheck(user, CODE);
    await screen.findByRole("form", { name: "Tích điểm" });
    await fillEarn(user, "90000", "Q1-77");

    await screen.findByRole("status", { name: "Đã cộng 125 điểm cho Trần Thu Hà" });
    expect((api.callsTo("POST /staff/earn")[0]?.body as { storeId: string }).storeId).toBe(STORES[1]!.id);
    expect(localStorage.getItem("ll.staffStore")).toBe(STORES[1]!.id);
  });

  it("shows a repeated receipt as already credited, when, by whom and for how many points — never as a success", async () => {
    counterApi({
      "POST /staff/earn": {
        status: 409,
        body: {
          error: { code: "receipt_already_used", message: "x", params: { at: todayInVietnamAt("03:47"), staff: "Lan", points: 125 } },
        },
      },
    });
    const { user } = await verifyMember();
    await fillEarn(user, "250000", "hd-1");

    const repeat = await screen.findByTestId("receipt-repeat");
    expect(repeat).toHaveClass("result--repeat");
    expect(repeat).toHaveTextContent("Hoá đơn hd-1 đã được tích điểm trước đó");
    // 03:47 UTC is 10:47 in Vietnam.
    expect(repeat).toHaveTextContent("Đã tích lúc 10:47 bởi Lan (125 điểm). Không cộng thêm điểm.");
    expect(screen.queryByTestId("earn-confirmation")).not.toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Tích điểm" })).toBeInTheDocument();
    expect(storedQueue()).toBeNull();
  });

  it("shows a receipt the server answers as a retry in the same non-green state, in English too", async () => {
    counterApi({
      "POST /staff/earn": {
        status: 200,
        body: earnResponse({ replayed: true, earlier: { at: "2026-11-20T03:47:00.000Z", staffName: "Lan" } }),
      },
    });
    // Staff open on the counter.
    const app = renderApp();
    act(() => app.store.set(localeAtom, "en"));
    await app.user.click(await screen.findByRole("button", { name: "Scan member code" }));
    await app.user.type(await screen.findByLabelText("Paste member code"), CODE);
    await app.user.click(screen.getByRole("button", { name: "Check" }));
    const form = await screen.findByRole("form", { name: "Award points" });
    await app.user.type(within(form).getByLabelText("Bill amount (₫)"), "1259000");
    await app.user.type(within(form).getByLabelText("Receipt number"), "HD-0001");
    await app.user.click(within(form).getByRole("button", { name: "Award points" }));

    const repeat = await screen.findByTestId("receipt-repeat");
    expect(repeat).toHaveTextContent("Receipt HD-0001 was already credited");
    expect(repeat).toHaveTextContent("Credited at 10:47 · 20/11/2026 by Lan (125 points). No points added now.");
    expect(screen.queryByTestId("earn-confirmation")).not.toBeInTheDocument();
  });
});

describe("staff mode: when the QR will not scan", () => {
  async function lookUp(query: string, last3: string) {
    const app = renderApp();
    await app.user.click(await screen.findByRole("button", { name: "Không quét được mã? Tìm bằng số thẻ hoặc số điện thoại" }));
    const form = await screen.findByRole("form", { name: "Tìm thành viên" });
    await app.user.type(within(form).getByLabelText("Mã thành viên (in trên thẻ) hoặc số điện thoại"), query);
    await app.user.type(within(form).getByLabelText("3 số cuối điện thoại của khách (hỏi khách)"), last3);
    await app.user.click(within(form).getByRole("button", { name: "Tìm" }));
    return app;
  }

  it("finds the member by the card number printed on the card, asks to confirm the name, then awards points", async () => {
    const api = counterApi({ "POST /staff/members/lookup": { status: 200, body: scannedMember() } });
    const { user } = await lookUp("Mã thành viên 00000007", "678");

    expect(await screen.findByText("Tìm bằng mã thành viên: hỏi tên khách để chắc đúng người trước khi tích điểm.")).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "Thành viên hợp lệ" })).toHaveTextContent("Trần Thu Hà");
    expect(api.callsTo("POST /staff/members/lookup")[0]?.body).toEqual({ query: "Mã thành viên 00000007", phoneLast3: "678" });
    await fillEarn(user, "250000", "HD-LK");
    await screen.findByRole("status", { name: "Đã cộng 125 điểm cho Trần Thu Hà" });
    expect(api.callsTo("POST /staff/earn")[0]?.body).toMatchObject({ member: { scanToken: "scan-token-0123456789" } });
  });

  it("says nothing matched without telling which part was wrong, and checks the input first", async () => {
    const api = counterApi({ "POST /staff/members/lookup": { status: 404, body: apiError("member_not_found") } });
    const { user } = await lookUp("00000007", "679");
    expect(await screen.findByRole("alert")).toHaveTextContent("Không tìm thấy thành viên khớp mã (hoặc số điện thoại) và 3 số cuối này.");

    const form = screen.getByRole("form", { name: "Tìm thành viên" });
    await user.clear(within(form).getByLabelText("Mã thành viên (in trên thẻ) hoặc số điện thoại"));
    await user.type(within(form).getByLabelText("Mã thành viên (in trên thẻ) hoặc số điện thoại"), "Nguyễn");
    await user.click(within(form).getByRole("button", { name: "Tìm" }));
    expect(within(form).getByText("Nhập mã thành viên in trên thẻ hoặc số điện thoại đầy đủ.")).toBeInTheDocument();
    expect(api.callsTo("POST /staff/members/lookup")).toHaveLength(1);
  });
});

describe("staff mode: vouchers", () => {
  async function checkVoucher(code: string) {
    const app = renderApp();
    await app.user.click(await screen.findByRole("button", { name: "Nhân viên" }));
    await app.user.click(await screen.findByRole("button", { name: "Quét voucher" }));
    await app.user.type(await screen.findByLabelText("Mã voucher"), code);
    await app.user.click(screen.getByRole("button", { name: "Dùng voucher" }));
    return app;
  }

  it("shows the voucher's reward, value and owner before use, and uses it only on confirmation", async () => {
    const api = counterApi({
      "POST /staff/vouchers/preview": { status: 200, body: voucherPreview() },
      "POST /staff/vouchers/use": { status: 200, body: voucherUse() },
    });
    const { user } = await checkVoucher("LLV1.ABCD-EFGH-JKMN-PQ01");

    const look = await screen.findByRole("region", { name: "Cà phê sữa đá miễn phí" });
    expect(look).toHaveTextContent("Giá trị120 điểm");
    expect(look).toHaveTextContent("Chủ voucherTrần Thu Hà");
    expect(look).toHaveTextContent("Số điện thoại0912 *** 678");
    expect(look).toHaveTextContent("Mã thành viên00000007");
    expect(look).toHaveTextContent("Hạn dùng20/12/2026");
    expect(api.callsTo("POST /staff/vouchers/preview")[0]?.body).toEqual({ code: "LLV1.ABCD-EFGH-JKMN-PQ01", storeId: IDS.store });
    expect(api.callsTo("POST /staff/vouchers/use")).toHaveLength(0);

    await user.click(within(look).getByRole("button", { name: "Xác nhận dùng voucher" }));
    const done = await screen.findByRole("status", { name: "Đã dùng voucher Cà phê sữa đá miễn phí của Trần Thu Hà" });
    expect(done).toHaveTextContent("Mã ABCD-EFGH-JKMN-PQ01");
    const [use] = api.callsTo("POST /staff/vouchers/use");
    expect(use?.body).toMatchObject({ code: "LLV1.ABCD-EFGH-JKMN-PQ01", storeId: IDS.store });
    expect((use?.body as { idempotencyKey: string }).idempotencyKey).toMatch(/^[A-Za-z0-9-]{8,}$/);
    expect(api.callsTo("POST /staff/scan-member")).toHaveLength(0);
  });

  it("brings the look up so the confirm button is not under the bottom navigation", async () => {
    counterApi({ "POST /staff/vouchers/preview": { status: 200, body: voucherPreview() } });
    // jsdom has no layout (and no scrollIntoView): record which element the page brings into view.
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    try {
      await checkVoucher("ABCD-EFGH-JKMN-PQ01");
      const look = await screen.findByRole("region", { name: "Cà phê sữa đá miễn phí" });
      await waitFor(() => expect(scrolled).toContain(look));
    } finally {
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    }
  });

  it("leaves the voucher unused when the cashier declines", async () => {
    const api = counterApi({ "POST /staff/vouchers/preview": { status: 200, body: voucherPreview() } });
    const { user } = await checkVoucher("ABCD-EFGH-JKMN-PQ01");
    await user.click(await screen.findByRole("button", { name: "Không dùng" }));

    await waitFor(() => expect(screen.queryByRole("region", { name: "Cà phê sữa đá miễn phí" })).not.toBeInTheDocument());
    expect(api.callsTo("POST /staff/vouchers/use")).toHaveLength(0);
  });

  it("says when, where and by whom a used voucher was used (Vietnam time)", async () => {
    counterApi({
      "POST /staff/vouchers/preview": {
        status: 409,
        body: {
          error: { code: "voucher_used", message: "x", params: { usedAt: "2026-11-23T03:47:00.000Z", storeName: "Quận 1", usedBy: "Lan" } },
        },
      },
    });
    await checkVoucher("ABCD-EFGH-JKMN-PQ01");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Voucher đã được dùng lúc 10:47 tại Quận 1");
    expect(alert).toHaveTextContent("Ngày 23/11/2026 · Nhân viên: Lan");
  });

  it("says since when an expired voucher has expired", async () => {
    counterApi({
      "POST /staff/vouchers/preview": {
        status: 422,
        body: { error: { code: "voucher_expired", message: "x", params: { expiresAt: "2026-11-20T07:30:00.000Z" } } },
      },
    });
    await checkVoucher("ABCD-EFGH-JKMN-PQ01");
    expect(await screen.findByRole("alert")).toHaveTextContent("Voucher đã hết hạn ngày 20/11/2026.");
  });

  it("sends the same key again when the use got no answer, so a retry cannot use it twice", async () => {
    const api = counterApi({
      "POST /staff/vouchers/preview": { status: 200, body: voucherPreview() },
      "POST /staff/vouchers/use": (_call: Call, nth: number) =>
        nth === 0 ? "network-error" : { status: 200, body: voucherUse({ replayed: true }) },
    });
    const { user } = await checkVoucher("ABCD-EFGH-JKMN-PQ01");
    await user.click(await screen.findByRole("button", { name: "Xác nhận dùng voucher" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Chưa dùng được voucher vì mất kết nối.");

    await user.click(screen.getByRole("button", { name: "Xác nhận dùng voucher" }));
    await screen.findByTestId("voucher-use-result");
    const [first, second] = api.callsTo("POST /staff/vouchers/use").map((c) => (c.body as { idempotencyKey: string }).idempotencyKey);
    expect(second).toBe(first);
  });

  it.each([
    ["voucher_used", 409, "Voucher này đã được sử dụng."],
    ["voucher_expired", 422, "Voucher này đã hết hạn."],
    ["voucher_void", 409, "Voucher này đã bị huỷ."],
    ["wrong_brand", 403, "Voucher này thuộc thương hiệu khác."],
    ["voucher_not_found", 404, "Không tìm thấy voucher. Kiểm tra lại mã."],
  ])("explains %s in plain Vietnamese", async (code, status, message) => {
    counterApi({ "POST /staff/vouchers/preview": { status, body: apiError(code) } });
    await checkVoucher("abcd efgh jkmn pq01");

    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    expect(screen.getByLabelText("Mã voucher")).toHaveValue("abcd efgh jkmn pq01");
  });

  it("sends a voucher QR read with the member button to the voucher check", async () => {
    const api = counterApi({ "POST /staff/vouchers/preview": { status: 200, body: voucherPreview() } });
    const { user } = await openPasteField();
    await pasteAndCheck(user, "LLV1.ABCD-EFGH-JKMN-PQ01");

    await screen.findByRole("region", { name: "Cà phê sữa đá miễn phí" });
    expect(api.callsTo("POST /staff/vouchers/preview")).toHaveLength(1);
    expect(api.callsTo("POST /staff/scan-member")).toHaveLength(0);
  });
});

describe("staff mode: offline counter", () => {
  it("queues an award that cannot reach the server, shows it waiting, and sends it when back online", async () => {
    const member = scannedMember();
    const api = counterApi({
      "POST /staff/scan-member": { status: 200, body: member },
      "POST /staff/earn": (_call: Call, nth: number) => (nth === 0 ? "network-error" : { status: 200, body: earnResponse() }),
    });
    const { user } = await verifyMember();
    await fillEarn(user, "250000", "HD-7");

    expect(await screen.findByRole("status", { name: "Đã lưu, sẽ gửi khi có mạng" })).toHaveTextContent("Hoá đơn HD-7 · 250.000 ₫");
    expect(screen.getByTestId("pending-count")).toHaveTextContent("1 giao dịch chờ gửi");
    expect(screen.getByTestId("pending-list")).toHaveTextContent("Hoá đơn HD-7 · 250.000 ₫ · Trần Thu Hà");
    const [queued] = storedQueue()?.pending ?? [];
    expect(queued).toMatchObject({
      storeId: IDS.store,
      receiptNo: "HD-7",
      billVnd: 250_000,
      member: { code: CODE, capturedAt: member.scannedAt },
      scanToken: { token: member.scanToken },
    });

    window.dispatchEvent(new Event("online"));
    await waitFor(() => expect(screen.queryByTestId("pending-count")).not.toBeInTheDocument());
    expect(await screen.findByText("Đã gửi 1 giao dịch tích điểm đang chờ.")).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "Đã gửi hoá đơn HD-7 khi có mạng trở lại" })).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "Vừa gửi xong" })).toHaveTextContent("Hoá đơn HD-7: +125 điểm cho Trần Thu Hà");
    const sends = api.callsTo("POST /staff/earn");
    expect(sends).toHaveLength(2);
    expect(sends[1]?.body).toEqual(sends[0]?.body);
    expect(storedQueue()).toBeNull();
  });

  it("keeps the same receipt once, however often it is submitted offline", async () => {
    counterApi({ "POST /staff/earn": "network-error" });
    const { user } = await verifyMember();
    await fillEarn(user, "250000", "HD-7");
    await screen.findByRole("status", { name: "Đã lưu, sẽ gửi khi có mạng" });
    await user.click(screen.getByRole("button", { name: "Khách tiếp theo" }));

    await user.click(screen.getByRole("button", { name: "Quét mã thành viên" }));
    await pasteAndCheck(user, CODE);
    await screen.findByRole("form", { name: "Tích điểm" });
    await fillEarn(user, "250000", "HD-7");
    expect(await screen.findByText("Hoá đơn HD-7 đã có trong danh sách chờ gửi.")).toBeInTheDocument();
    expect(screen.getByTestId("pending-count")).toHaveTextContent("1 giao dịch chờ gửi");
    expect(storedQueue()?.pending).toHaveLength(1);
  });

  it("still takes the bill when even the card check has no network, keeping the code and when it was read", async () => {
    const api = counterApi({ "POST /staff/scan-member": "network-error", "POST /staff/earn": "network-error" });
    const before = Date.now();
    const { user } = await openPasteField();
    await pasteAndCheck(user, CODE);

    expect(await screen.findByText(/Vẫn có thể tích điểm/)).toBeInTheDocument();
    await fillEarn(user, "85000", "HD-8");
    await screen.findByRole("status", { name: "Đã lưu, sẽ gửi khi có mạng" });
    const body = api.callsTo("POST /staff/earn")[0]?.body as { member: { code: string; capturedAt: string } };
    expect(body.member.code).toBe(CODE);
    expect(Date.parse(body.member.capturedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(body.member.capturedAt)).toBeLessThanOrEqual(Date.now());
    expect(storedQueue()?.pending[0]).toMatchObject({ receiptNo: "HD-8", member: body.member, scanToken: null });
  });

  function seedQueue(...receipts: string[]) {
    localStorage.setItem(
      "ll.earnQueue",
      JSON.stringify({
        pending: receipts.map((receiptNo) => ({
          staffId: IDS.user,
          storeId: IDS.store,
          receiptNo,
          billVnd: 250_000,
          member: { code: CODE, capturedAt: new Date(Date.now() - 3_600_000).toISOString() },
          scanToken: null,
          memberName: "Trần Thu Hà",
          queuedAt: new Date(Date.now() - 3_600_000).toISOString(),
        })),
        failed: [],
      }),
    );
  }

  it("sends what is waiting when the app starts, in order", async () => {
    seedQueue("HD-1", "HD-2");
    const api = counterApi();
    renderApp();

    expect(await screen.findByText("Đã gửi 2 giao dịch tích điểm đang chờ.")).toBeInTheDocument();
    expect(api.callsTo("POST /staff/earn").map((c) => (c.body as { receiptNo: string }).receiptNo)).toEqual(["HD-1", "HD-2"]);
    expect(storedQueue()).toBeNull();
  });

  it("drops awards the server refuses and shows them as failed with the reason", async () => {
    seedQueue("HD-1", "HD-2");
    counterApi({
      "POST /staff/earn": (call: Call) =>
        (call.body as { receiptNo: string }).receiptNo === "HD-1"
          ? {
              status: 409,
              body: {
                error: { code: "receipt_already_used", message: "x", params: { at: todayInVietnamAt("03:47"), staff: "Lan", points: 125 } },
              },
            }
          : "network-error",
    });
    const { user } = renderApp();
    await user.click(await screen.findByRole("button", { name: "Nhân viên" }));

    const failed = await screen.findByRole("alert");
    expect(failed).toHaveTextContent("Giao dịch không gửi được");
    expect(failed).toHaveTextContent("Hoá đơn HD-1 · 250.000 ₫");
    expect(failed).toHaveTextContent("Đã tích lúc 10:47 bởi Lan (125 điểm).");
    // The network failure keeps HD-2 waiting.
    expect(screen.getByTestId("pending-count")).toHaveTextContent("1 giao dịch chờ gửi");
    expect(storedQueue()?.pending.map((p) => p.receiptNo)).toEqual(["HD-2"]);

    await user.click(within(failed).getByRole("button", { name: "Đã hiểu" }));
    expect(screen.queryByText("Giao dịch không gửi được")).not.toBeInTheDocument();
    expect(storedQueue()?.failed).toEqual([]);
  });
});
