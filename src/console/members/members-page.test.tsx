import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { meResponse } from "../test-support/fixtures";
import { apiError, membersHandler, mockApi, type MockReply, type MockRequest } from "../test-support/mock-api";
import { currentLocation, renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

function server(members: (request: MockRequest) => MockReply | Promise<MockReply> = membersHandler) {
  return mockApi({ "GET /api/me": { body: meResponse() }, "GET /api/console/members": members });
}

const memberRequests = (api: ReturnType<typeof server>) =>
  api.to("GET", "/api/console/members").map((r) => Object.fromEntries(r.url.searchParams));

/** Data rows only (the header row lives in <thead>). */
async function bodyRows() {
  const table = await screen.findByRole("table", { name: "Danh sách thành viên" });
  await waitFor(() => expect(table).toHaveAttribute("aria-busy", "false"));
  return within(table).getAllByRole("row").slice(1);
}

describe("members page", () => {
  it("renders a page of members with Vietnamese labels and formats", async () => {
    const api = server();
    renderConsole("/members");

    const rows = await bodyRows();
    expect(rows).toHaveLength(20);
    const headers = within(screen.getByRole("table"))
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual(["Số thẻ", "Họ tên", "Điện thoại", "Hạng", "Điểm", "Ngày tham gia"]);
    // First member: gold, 1250 points, joined 23:30 UTC on 10 March = 11 March in Vietnam.
    expect(rows[0]!.textContent).toContain("Nguyễn Thị Lan");
    const first = within(rows[0]!)
      .getAllByRole("cell")
      .map((c) => c.textContent);
    expect(first).toEqual(["00100024", "Nguyễn Thị Lan", "0912 *** 100", "Vàng", "1.250", "11/03/2025"]);
    // Third member has no phone.
    expect(within(rows[2]!).getByText("Chưa có")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Thành viên")).toBeInTheDocument();
    expect(within(rows[3]!).getByText("Kim cương")).toBeInTheDocument();
    // An imported profile nobody has taken over yet says so, and why it matters.
    expect(within(rows[5]!).getByText("Nhập từ tệp")).toHaveAttribute("title", expect.stringContaining("Chưa vào Mini App"));
    expect(rows.filter((r) => r.textContent!.includes("Nhập từ tệp"))).toHaveLength(1);
    expect(screen.getByText("1–20 / 24")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Trước" })).toBeDisabled();
    expect(memberRequests(api)).toEqual([{ page: "1", pageSize: "20" }]);
  });

  it("formats numbers and dates in English after switching language", async () => {
    server();
    renderConsole("/members");
    await bodyRows();
    await userEvent.click(screen.getByRole("button", { name: "English" }));
    const first = within(screen.getByRole("table", { name: "Member list" })).getAllByRole("row")[1]!;
    expect(
      within(first)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["00100024", "Nguyễn Thị Lan", "0912 *** 100", "Gold", "1,250", "Mar 11, 2025"]);
    expect(screen.getByText("1–20 of 24")).toBeInTheDocument();
  });

  it("shows skeleton rows while the page loads", async () => {
    let release: (reply: MockReply) => void = () => {};
    server(() => new Promise<MockReply>((resolve) => (release = resolve)));
    renderConsole("/members");

    const table = await screen.findByRole("table", { name: "Danh sách thành viên" });
    expect(table).toHaveAttribute("aria-busy", "true");
    expect(screen.getAllByTestId("skeleton-row").length).toBeGreaterThan(0);

    await act(async () => release(membersHandler({ method: "GET", url: new URL("http://x/?page=1&pageSize=20"), body: undefined })));
    expect(screen.queryAllByTestId("skeleton-row")).toHaveLength(0);
    expect(within(table).getAllByRole("row")).toHaveLength(21);
  });

  it("debounces the search, sends q and goes back to page 1", async () => {
    const api = server();
    renderConsole("/members?page=2");
    await bodyRows();
    expect(memberRequests(api)).toEqual([{ page: "2", pageSize: "20" }]);

    await userEvent.type(screen.getByRole("searchbox", { name: "Tìm thành viên" }), "Nguyễn");

    await waitFor(() => expect(memberRequests(api)).toHaveLength(2));
    // One request for the whole word, not one per keystroke.
    expect(memberRequests(api)[1]).toEqual({ q: "Nguyễn", page: "1", pageSize: "20" });
    const rows = await bodyRows();
    expect(rows.map((r) => within(r).getAllByRole("cell")[1]!.textContent)).toEqual(["Nguyễn Thị Lan", "Nguyễn Trung Kiên"]);
    expect(currentLocation().searchParams.get("q")).toBe("Nguyễn");
    expect(currentLocation().searchParams.has("page")).toBe(false);
    expect(screen.getByText("1–2 / 2")).toBeInTheDocument();
  });

  it("requests page 2 with Sau and keeps it in the URL", async () => {
    const api = server();
    renderConsole("/members");
    await bodyRows();

    await userEvent.click(screen.getByRole("button", { name: "Sau" }));

    await waitFor(() => expect(memberRequests(api).at(-1)).toEqual({ page: "2", pageSize: "20" }));
    expect(await bodyRows()).toHaveLength(4);
    expect(screen.getByText("21–24 / 24")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sau" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Trước" })).toBeEnabled();
    expect(currentLocation().searchParams.get("page")).toBe("2");
  });

  it("loads the page named in the URL (reload keeps the place)", async () => {
    const api = server();
    renderConsole("/members?q=Nguy%E1%BB%85n&page=1&pageSize=50");
    await bodyRows();
    expect(memberRequests(api)).toEqual([{ q: "Nguyễn", page: "1", pageSize: "50" }]);
    expect(screen.getByRole("searchbox", { name: "Tìm thành viên" })).toHaveValue("Nguyễn");
    expect(screen.getByRole("combobox", { name: "Số dòng mỗi trang" })).toHaveValue("50");
  });

  it("changes the page size and restarts at page 1", async () => {
    const api = server();
    renderConsole("/members?page=2");
    await bodyRows();

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Số dòng mỗi trang" }), "50");

    await waitFor(() => expect(memberRequests(api).at(-1)).toEqual({ page: "1", pageSize: "50" }));
    expect(await bodyRows()).toHaveLength(24);
    expect(screen.getByText("1–24 / 24")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sau" })).toBeDisabled();
  });

  it("says so when nothing matches, and can clear the search", async () => {
    const api = server();
    renderConsole("/members?q=zzz");
    expect(await screen.findByText("Không tìm thấy thành viên")).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Phân trang" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Xoá tìm kiếm" }));

    await waitFor(() => expect(memberRequests(api).at(-1)).toEqual({ page: "1", pageSize: "20" }));
    expect(await bodyRows()).toHaveLength(20);
    expect(screen.getByRole("searchbox", { name: "Tìm thành viên" })).toHaveValue("");
  });

  it("exports the members the search finds, named by the server, in the format chosen", async () => {
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:x"), revokeObjectURL: vi.fn() }));
    const file = "/api/console/exports/members";
    const api = mockApi({
      "GET /api/me": { body: meResponse() },
      "GET /api/console/members": membersHandler,
      [`GET ${file}`]: {
        text: "\uFEFFso_the\r\n",
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="hoi-vien_2026-12-07.csv"' },
      },
    });
    renderConsole("/members?q=Lan");
    await bodyRows();
    await userEvent.click(screen.getByRole("button", { name: "Xuất tệp" }));
    await waitFor(() => expect(saved).toEqual(["hoi-vien_2026-12-07.csv"]));
    expect(Object.fromEntries(api.to("GET", file)[0]!.url.searchParams)).toEqual({ q: "Lan", locale: "vi", format: "csv" });
  });

  it("shows an error with a retry that reloads the list", async () => {
    let calls = 0;
    server((request) => (++calls === 1 ? apiError(500, "internal") : membersHandler(request)));
    renderConsole("/members");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Không tải được danh sách thành viên.");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();

    await userEvent.click(within(alert).getByRole("button", { name: "Thử lại" }));

    expect(await bodyRows()).toHaveLength(20);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
