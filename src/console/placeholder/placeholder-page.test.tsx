import { screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { meResponse } from "../test-support/fixtures";
import { mockApi } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const PAGES = [{ path: "/campaigns", heading: "Chiến dịch", says: "ưu đãi, nhân điểm và voucher" }];

describe("placeholder pages", () => {
  it.each(PAGES)("$path shows its heading, what it will do, and Sắp ra mắt", async ({ path, heading, says }) => {
    const api = mockApi({ "GET /api/me": { body: meResponse() } });
    renderConsole(path);

    expect(await screen.findByRole("heading", { level: 1, name: heading })).toBeInTheDocument();
    expect(screen.getByText("Sắp ra mắt")).toBeInTheDocument();
    expect(screen.getByRole("main")).toHaveTextContent(says);
    // The nav marks where we are.
    const nav = screen.getByRole("navigation", { name: "Điều hướng chính" });
    expect(within(nav).getByRole("link", { name: heading })).toHaveAttribute("aria-current", "page");
    // Honest placeholders: no tables of invented data, and no data requests.
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(api.requests.map((r) => r.url.pathname)).toEqual(["/api/me"]);
  });
});
