import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SegmentDetail } from "../../contract/segments";
import type { Rule } from "../../domain/segments/rule";
import { consoleForm, meResponse } from "../test-support/fixtures";
import { mockApi, type MockRequest } from "../test-support/mock-api";
import { renderConsole, storeSession } from "../test-support/render-console";

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.unstubAllGlobals();
  storeSession();
});

const STORE_A = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const AN = "3c4d5e6f-7081-4c9d-8eaf-2a3b4c5d6e7f";
const AT = "2026-06-20T03:00:00.000Z";
const member = { memberId: AN, memberNo: "00000042", displayName: "Nguyễn Văn An", tier: "gold" as const, pointsBalance: 1200 };

/** The count answers by the rule: every member with no condition, 3 with one, 1 with two. */
const countOf = ({ body }: MockRequest) => {
  const n = (body as { rule: Rule }).rule.items.length;
  return { body: { count: n === 0 ? 20 : n === 1 ? 3 : 1, total: 20 } };
};

function server(routes: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/me": { body: meResponse("marketer") },
    "GET /api/console/segments": { body: { segments: [] } },
    "GET /api/console/stores": { body: { stores: [{ id: STORE_A, name: "Cửa hàng A" }] } },
    "GET /api/console/preferences/form": { body: consoleForm() },
    "POST /api/console/segments/count": countOf,
    "POST /api/console/segments/sample": { body: { members: [member], next: null } },
    ...routes,
  });
}

describe("segment builder", () => {
  it("counts as conditions change, checks a condition before sending it, explains a member, saves", async () => {
    const saved: SegmentDetail = {
      id: "9a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      name: "Khách vàng",
      status: "active",
      version: 1,
      rule: { type: "group", combine: "and", items: [] },
      createdAt: AT,
      updatedAt: AT,
      archivedAt: null,
      versions: [{ version: 1, name: "Khách vàng", createdAt: AT, createdBy: null }],
    };
    const api = server({
      "POST /api/console/segments/explain": {
        body: {
          member,
          result: true,
          groups: [{ path: "", combine: "and", result: true }],
          conditions: [
            { type: "condition", field: "tier", op: "in", value: ["member"], path: "items.0", memberValue: "gold", result: false },
          ],
        },
      },
      "POST /api/console/segments": ({ body }) => ({ status: 201, body: { ...saved, rule: (body as { rule: Rule }).rule } }),
    });
    renderConsole("/segments");
    expect(await screen.findByRole("heading", { level: 1, name: "Phân khúc" })).toBeInTheDocument();
    // An empty rule is every member.
    expect(await screen.findByTestId("segment-count", {}, { timeout: 3000 })).toHaveTextContent("20 / 20 thành viên");
    expect(screen.getByText("Chưa có điều kiện: phân khúc gồm mọi thành viên.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Thêm điều kiện" }));
    await waitFor(() => expect(screen.getByTestId("segment-count")).toHaveTextContent("3 / 20 thành viên"), { timeout: 3000 });
    const counted = api.to("POST", "/api/console/segments/count").at(-1)!.body as { rule: Rule };
    expect(counted.rule.items).toEqual([{ type: "condition", field: "tier", op: "in", value: ["member"] }]);

    // Unticking the only option: the builder says so at the condition and sends nothing.
    const before = api.to("POST", "/api/console/segments/count").length;
    const row = screen.getByTestId("condition-items.0");
    await userEvent.click(within(row).getByRole("checkbox", { name: "Thành viên" }));
    expect(await within(row).findByText("Chọn ít nhất một lựa chọn.")).toBeInTheDocument();
    expect(api.to("POST", "/api/console/segments/count")).toHaveLength(before);
    await userEvent.click(within(row).getByRole("checkbox", { name: "Vàng" }));
    await waitFor(() => expect(within(row).queryByText("Chọn ít nhất một lựa chọn.")).not.toBeInTheDocument());

    // The sample, and why a member is in or out.
    await userEvent.click(await screen.findByRole("button", { name: "Vì sao?" }, { timeout: 3000 }));
    const why = await screen.findByTestId("why-panel");
    expect(why).toHaveTextContent("Vì sao Nguyễn Văn An thuộc phân khúc");
    expect(why).toHaveTextContent("Hạng thành viên");
    expect(why).toHaveTextContent("Giá trị: gold");
    expect((api.to("POST", "/api/console/segments/explain")[0]!.body as { memberId: string }).memberId).toBe(AN);

    await userEvent.type(screen.getByRole("textbox", { name: "Tên phân khúc" }), "Khách vàng");
    await userEvent.click(screen.getByRole("button", { name: "Lưu" }));
    expect(await screen.findByText("Đã lưu phiên bản 1.")).toBeInTheDocument();
    expect(api.to("POST", "/api/console/segments")[0]!.body).toEqual({
      name: "Khách vàng",
      rule: { type: "group", combine: "and", items: [{ type: "condition", field: "tier", op: "in", value: ["gold"] }] },
    });
    expect(screen.getByRole("button", { name: "Lưu phiên bản mới" })).toBeInTheDocument();
  });

  it("shows the server's problems at their condition", async () => {
    server({
      "POST /api/console/segments/count": ({ body }) =>
        (body as { rule: Rule }).rule.items.length === 0
          ? { body: { count: 20, total: 20 } }
          : {
              status: 422,
              body: {
                error: {
                  code: "segment_invalid",
                  message: "x",
                  issues: [{ code: "option_unknown", field: "rule.items.0.value.0" }],
                },
              },
            },
    });
    renderConsole("/segments");
    await screen.findByTestId("segment-count", {}, { timeout: 3000 });
    await userEvent.click(screen.getByRole("button", { name: "Thêm điều kiện" }));
    const row = screen.getByTestId("condition-items.0");
    expect(
      await within(row).findByText("Lựa chọn này không có (hoặc không thuộc thương hiệu).", {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(screen.getByText("Chưa đếm được. Sửa các điều kiện được đánh dấu.")).toBeInTheDocument();
  });
});
