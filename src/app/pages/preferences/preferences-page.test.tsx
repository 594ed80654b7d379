import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, card, me, session, STORES, summary } from "../../test-utils/fixtures";
import { mockApi } from "../../test-utils/fetch-mock";
import { ANSWERS, FORM, preferencesRoutes } from "../../test-utils/privacy-fixtures";
import { renderApp, resetDevice } from "../../test-utils/render-app";

beforeEach(() => {
  resetDevice();
  localStorage.setItem("ll.session", JSON.stringify(session()));
});
afterEach(() => vi.unstubAllGlobals());

function prefsApi(initial: Parameters<typeof preferencesRoutes>[0] = {}, overrides: Parameters<typeof mockApi>[0] = {}) {
  const prefs = preferencesRoutes(initial);
  const api = mockApi({
    "GET /me": { status: 200, body: me() },
    "GET /members/me/card": { status: 200, body: card() },
    "GET /members/me/summary": { status: 200, body: summary() },
    ...prefs.routes,
    ...overrides,
  });
  return { ...api, answers: prefs.answers };
}

async function openPreferences() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Tài khoản" }));
  await app.user.click(await screen.findByRole("button", { name: "Sở thích của tôi" }));
  await screen.findByRole("heading", { name: "Sở thích của tôi", level: 1 });
  return app;
}

const step = () => screen.getByTestId("question-step").textContent;
const next = () => screen.getByRole("button", { name: "Tiếp" });
const puts = (api: ReturnType<typeof prefsApi>) => api.calls.filter((c) => c.method === "PUT").map((c) => ({ path: c.path, body: c.body }));

describe("my preferences", () => {
  it("asks one question at a time with progress, saving each answer on Next", async () => {
    const api = prefsApi();
    const { user } = await openPreferences();

    expect(await screen.findByTestId("bonus-banner")).toHaveTextContent("Hoàn thành hồ sơ để nhận 50 điểm");
    expect(step()).toBe("Câu 1/5");
    expect(screen.getByRole("progressbar", { name: "Câu 1/5" })).toHaveAttribute("aria-valuenow", "1");
    expect(screen.getByRole("heading", { name: "Sinh nhật của bạn là ngày nào?" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Câu trước" })).toBeDisabled();
    expect(next()).toBeDisabled();

    await user.selectOptions(screen.getByLabelText("Ngày"), "29");
    await user.selectOptions(screen.getByLabelText("Tháng"), "2");
    await user.click(next());

    await waitFor(() => expect(step()).toBe("Câu 2/5"));
    expect(screen.getByRole("progressbar", { name: "Câu 2/5" })).toHaveAttribute("aria-valuenow", "2");
    expect(puts(api)).toEqual([
      { path: "/members/me/preferences/birthday", body: { formVersion: 3, value: { kind: "birthday", day: 29, month: 2 } } },
    ]);

    // Multi choice: at most two, the third is then disabled.
    const products = screen.getByRole("group", { name: "Bạn thích những loại sản phẩm nào?" });
    expect(products).toHaveTextContent("Chọn tối đa 2");
    await user.click(within(products).getByRole("checkbox", { name: "Đồ uống" }));
    await user.click(within(products).getByRole("checkbox", { name: "Đồ ăn" }));
    expect(within(products).getByRole("checkbox", { name: "Quà tặng & vật phẩm" })).toBeDisabled();
    await user.click(next());
    await waitFor(() => expect(step()).toBe("Câu 3/5"));

    // Store: one of the brand's stores.
    await user.click(screen.getByRole("radio", { name: STORES[1]!.name }));
    await user.click(next());
    await waitFor(() => expect(step()).toBe("Câu 4/5"));

    // Skip saves nothing; Back returns to it.
    await user.click(screen.getByRole("button", { name: "Bỏ qua" }));
    expect(step()).toBe("Câu 5/5");
    await user.click(screen.getByRole("button", { name: "Câu trước" }));
    expect(step()).toBe("Câu 4/5");
    await user.click(screen.getByRole("radio", { name: "Hằng tháng" }));
    await user.click(next());
    await waitFor(() => expect(step()).toBe("Câu 5/5"));

    // Text: optional, with a counter, limited to the form's maxLength.
    expect(screen.getByText("Không bắt buộc")).toBeInTheDocument();
    const wish = screen.getByRole("textbox", { name: "Bạn muốn quán có thêm món gì?" });
    expect(wish).toHaveAttribute("maxLength", "40");
    await user.type(wish, "Trà đào");
    expect(screen.getByTestId("text-count")).toHaveTextContent("7/40 ký tự");
    await user.click(screen.getByRole("button", { name: "Hoàn thành" }));

    expect(await screen.findByRole("heading", { name: "Hồ sơ đã hoàn thành" })).toBeInTheDocument();
    expect(puts(api).map((p) => p.path)).toEqual([
      "/members/me/preferences/birthday",
      "/members/me/preferences/favourite_categories",
      "/members/me/preferences/preferred_store",
      "/members/me/preferences/offer_frequency",
      "/members/me/preferences/wish",
    ]);
    expect(api.answers).toEqual({
      birthday: { kind: "birthday", day: 29, month: 2 },
      favourite_categories: { kind: "multi", optionIds: ["drinks", "food"] },
      preferred_store: { kind: "store", storeId: STORES[1]!.id },
      offer_frequency: { kind: "single", optionId: "monthly" },
      wish: { kind: "text", text: "Trà đào" },
    });
  });

  it("refuses 31 February before sending anything", async () => {
    const api = prefsApi();
    const { user } = await openPreferences();
    await screen.findByTestId("question-step");

    await user.selectOptions(screen.getByLabelText("Ngày"), "31");
    await user.selectOptions(screen.getByLabelText("Tháng"), "2");

    expect(screen.getByRole("alert")).toHaveTextContent("Tháng 2 không có ngày 31.");
    expect(next()).toBeDisabled();
    await user.click(next());
    expect(puts(api)).toEqual([]);

    await user.selectOptions(screen.getByLabelText("Tháng"), "3");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(next()).toBeEnabled();
  });

  it("celebrates the profile bonus and refreshes the card and balance", async () => {
    const { wish: _optional, offer_frequency: _last, ...almost } = ANSWERS;
    const api = prefsApi(almost);
    const { user } = await openPreferences();

    // Comes back where the member left off: the first required question still open.
    await waitFor(() => expect(step()).toBe("Câu 4/5"));
    const cardReads = api.callsTo("GET /members/me/card").length;
    const summaryReads = api.callsTo("GET /members/me/summary").length;
    await user.click(screen.getByRole("radio", { name: "Hằng tuần" }));
    await user.click(next());

    const dialog = await screen.findByRole("dialog", { name: "+50 điểm đã được cộng vào thẻ" });
    expect(dialog).toHaveTextContent("Cảm ơn bạn đã hoàn thành hồ sơ!");
    await waitFor(() => expect(api.callsTo("GET /members/me/card").length).toBeGreaterThan(cardReads));
    await waitFor(() => expect(api.callsTo("GET /members/me/summary").length).toBeGreaterThan(summaryReads));
    // The banner promised points that are now paid.
    expect(screen.queryByTestId("bonus-banner")).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Tuyệt vời" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(step()).toBe("Câu 5/5");
  });

  it("opens a complete profile on its answers, where tapping one changes it", async () => {
    const api = prefsApi(ANSWERS);
    const { user } = await openPreferences();

    expect(await screen.findByRole("heading", { name: "Hồ sơ đã hoàn thành" })).toBeInTheDocument();
    expect(screen.queryByTestId("bonus-banner")).not.toBeInTheDocument();
    const birthday = screen.getByRole("button", { name: /Sinh nhật của bạn là ngày nào\?/ });
    expect(birthday).toHaveTextContent("4/2");
    expect(screen.getByRole("button", { name: /cửa hàng nào nhất/ })).toHaveTextContent(STORES[1]!.name);

    await user.click(birthday);
    expect(step()).toBe("Câu 1/5");
    expect(screen.getByLabelText("Ngày")).toHaveValue("4");
    expect(screen.getByLabelText("Tháng")).toHaveValue("2");
    await user.selectOptions(screen.getByLabelText("Ngày"), "15");
    await user.click(screen.getByRole("button", { name: "Lưu" }));

    await waitFor(() => expect(screen.getByRole("button", { name: /Sinh nhật của bạn là ngày nào\?/ })).toHaveTextContent("15/2"));
    expect(puts(api)).toEqual([
      { path: "/members/me/preferences/birthday", body: { formVersion: 3, value: { kind: "birthday", day: 15, month: 2 } } },
    ]);
  });

  it("keeps the member on the question and says why when the server refuses the answer", async () => {
    prefsApi({}, { "PUT /members/me/preferences/birthday": { status: 422, body: apiError("answer_invalid") } });
    const { user } = await openPreferences();
    await screen.findByTestId("question-step");
    await user.selectOptions(screen.getByLabelText("Ngày"), "4");
    await user.selectOptions(screen.getByLabelText("Tháng"), "2");
    await user.click(next());

    expect(await screen.findByRole("alert")).toHaveTextContent("Câu trả lời chưa hợp lệ.");
    expect(step()).toBe("Câu 1/5");
  });

  it("shows the form's own labels in English", async () => {
    prefsApi({ birthday: ANSWERS.birthday! });
    const { user } = renderApp();
    await user.click(await screen.findByRole("button", { name: "Tài khoản" }));
    await user.click(await screen.findByRole("radio", { name: "English" }));
    await user.click(await screen.findByRole("button", { name: "My preferences" }));

    expect(await screen.findByRole("heading", { name: FORM.questions[1]!.label.en })).toBeInTheDocument();
    expect(step()).toBe("Question 2/5");
    expect(screen.getByTestId("bonus-banner")).toHaveTextContent("Complete your profile to get 50 points");
    expect(screen.getByRole("checkbox", { name: "Gifts & merchandise" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Previous" }));
    expect(screen.getByRole("option", { name: "February" })).toBeInTheDocument();
  });
});
