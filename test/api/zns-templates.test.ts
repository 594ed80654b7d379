import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listZnsTemplates, ZNS_TEMPLATE_ENABLED, znsTemplateInfo } from "../../src/server/zalo/zns-templates";
import { ZaloFake } from "../fakes/zalo-fake";

describe("reading the OA's ZNS templates (for a later sync from Zalo)", () => {
  let fake: ZaloFake;
  let token: string;
  beforeAll(async () => {
    fake = await new ZaloFake("app", "secret").start();
    token = fake.issueOaTokens().accessToken;
    fake.znsTemplates.set("301001", ["ten_khach_hang", "ma_khach_hang"]);
    fake.znsTemplates.set("301002", ["ten_khach_hang", "diem"]);
  });
  afterAll(() => fake.stop());
  const config = () => ({ znsUrl: fake.url, timeoutMs: 1_000 });

  it("lists the templates page by page, with the status filter as a number", async () => {
    const first = await listZnsTemplates(config(), token, { offset: 0, limit: 1, status: ZNS_TEMPLATE_ENABLED });
    expect(first).toEqual({
      ok: true,
      value: { items: [{ templateId: "301001", name: "Mẫu 301001", status: "ENABLE", quality: "HIGH" }], total: 2 },
    });
    const second = await listZnsTemplates(config(), token, { offset: 1, limit: 1 });
    expect(second.ok && second.value.items.map((t) => t.templateId)).toEqual(["301002"]);
    const req = fake.requests.find((r) => r.path.startsWith("/template/all"))!;
    expect(req.headers.access_token).toBe(token);
    expect(req.path).toContain("status=1");
  });

  it("reads one template's parameters", async () => {
    const info = await znsTemplateInfo(config(), token, "301002");
    expect(info).toMatchObject({
      ok: true,
      value: {
        templateId: "301002",
        params: [
          { name: "ten_khach_hang", required: true, maxLength: 30 },
          { name: "diem", required: true },
        ],
      },
    });
  });

  it("reports Zalo's errors and broken answers as outcomes", async () => {
    expect(await znsTemplateInfo(config(), token, "999")).toMatchObject({ ok: false, kind: "rejected", zaloError: -109 });
    expect(await listZnsTemplates(config(), "stale-token", { offset: 0, limit: 10 })).toMatchObject({
      ok: false,
      kind: "rejected",
      zaloError: -124,
    });
    fake.failNext("garbage");
    expect(await listZnsTemplates(config(), token, { offset: 0, limit: 10 })).toMatchObject({ ok: false, kind: "unavailable" });
    fake.failNext("timeout");
    expect(await znsTemplateInfo({ znsUrl: fake.url, timeoutMs: 200 }, token, "301001")).toMatchObject({
      ok: false,
      kind: "unavailable",
      message: "timeout",
    });
  });
});
