import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CampaignSettings } from "../../contract/campaigns";
import { meResponse } from "../test-support/fixtures";
import { mockApi } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.restoreAllMocks();
  storeSession();
});

const SETTINGS: CampaignSettings = { approvalThreshold: 1_000, limits: { min: 0, max: 1_000_000 }, changedAt: null, changedBy: null };
const URL = "/api/console/campaign-settings";

function server(role: "marketer" | "manager") {
  let current = SETTINGS;
  return mockApi({
    "GET /api/me": { body: meResponse(role) },
    "GET /api/console/campaigns": { body: { items: [] } },
    [`GET ${URL}`]: () => ({ body: current }),
    [`PUT ${URL}`]: ({ body }) => {
      current = { ...current, ...(body as object), changedAt: "2026-12-07T03:00:00.000Z", changedBy: "Chị Hoa" };
      return { body: current };
    },
  });
}

describe("approval threshold under the campaign list", () => {
  it("a manager changes it; a number out of range is refused before anything is sent", async () => {
    const api = server("manager");
    renderConsole("/campaigns");
    const card = within(await screen.findByRole("region", { name: "Duyệt chiến dịch" }));
    expect(await card.findByTestId("approval-rule")).toHaveTextContent("hơn 1.000 người nhận cần quản lý duyệt");
    const input = card.getByLabelText("Cần duyệt khi số người nhận lớn hơn");
    await userEvent.clear(input);
    await userEvent.type(input, "-5");
    await userEvent.click(card.getByRole("button", { name: "Lưu" }));
    expect(card.getByText("Nhập một số nguyên từ 0 đến 1.000.000.")).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(api.to("PUT", URL)).toHaveLength(0);

    await userEvent.clear(input);
    await userEvent.type(input, "250");
    await userEvent.click(card.getByRole("button", { name: "Lưu" }));
    expect(await card.findByText(/Sửa lần cuối .* bởi Chị Hoa/)).toBeInTheDocument();
    expect(card.getByTestId("approval-rule")).toHaveTextContent("hơn 250 người nhận");
    expect(api.to("PUT", URL).map((r) => r.body)).toEqual([{ approvalThreshold: 250 }]);
  });

  it("a marketer reads the rule and has nothing to change", async () => {
    server("marketer");
    renderConsole("/campaigns");
    const card = within(await screen.findByRole("region", { name: "Duyệt chiến dịch" }));
    expect(await card.findByTestId("approval-rule")).toHaveTextContent("1.000");
    expect(card.queryByRole("spinbutton")).not.toBeInTheDocument();
  });
});
