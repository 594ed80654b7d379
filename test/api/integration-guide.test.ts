import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrationConsoleEndpoints } from "../../src/contract/endpoints/integrations-console";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { createApp } from "../../src/server/app";
import { users } from "../../src/server/db/schema";
import { REPO_ROOT, serveApp } from "../../src/server/server";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { consoleSession, makeStore } from "../support/factories";

/**
 * docs/integration.md is run, not just read: every `sh` block is run with curl against a real
 * server, and its answer must have the shape of the `json` block after it (the same keys at every
 * level, the same numbers, booleans and nulls, and the same error code; other strings are
 * placeholders).
 */
const guide = readFileSync(`${REPO_ROOT}/docs/integration.md`, "utf8");
const examples = [...guide.matchAll(/```sh\n([\s\S]*?)```\s*\n```json\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, answer: m[2]! }));

function sameShape(actual: unknown, expected: unknown, path = "$"): string[] {
  if (typeof expected === "string") return typeof actual === "string" ? [] : [`${path}: expected a string, got ${JSON.stringify(actual)}`];
  if (expected === null || typeof expected !== "object")
    return actual === expected ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  if (actual === null || typeof actual !== "object") return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = (o: object) => Object.keys(o).sort().join(",");
  if (keys(a) !== keys(e)) return [`${path}: keys ${keys(a)} instead of ${keys(e)}`];
  const problems = Object.keys(e).flatMap((k) => sameShape(a[k], e[k], `${path}.${k}`));
  if (path === "$.error" && a.code !== e.code) problems.push(`${path}.code: ${String(a.code)} instead of ${String(e.code)}`);
  return problems;
}

describe("docs/integration.md", () => {
  let api: TestApi;
  let server: ServerType;
  let env: Record<string, string>;

  beforeAll(async () => {
    api = await testApi();
    const admin = await consoleSession(api, "admin");
    const store = await makeStore(api, { name: "Quận 1" });
    const key = await api.ok(integrationConsoleEndpoints.createApiKey, { token: admin, body: { name: "POS quầy 1", storeId: store.id } });
    const hoa = await enrolledMember(api, "guide-hoa", "Nguyễn Thị Hoa");
    await api.database.db.update(users).set({ phone: "84901234567" }).where(eq(users.id, hoa.user.id));
    // Another member's voucher, so the earn's balances in the guide start from zero.
    const other = await enrolledMember(api, "guide-lan", "Trần Thị Lan");
    await api.database.db.update(users).set({ phone: "84907654321" }).where(eq(users.id, other.user.id));
    const manager = await consoleSession(api, "manager");
    await api.ok(loyaltyEndpoints.adjust, {
      token: manager,
      params: { memberId: other.card.memberId },
      body: { points: 100, reason: "Điểm mở đầu", idempotencyKey: "guide-opening" },
    });
    const reward = await api.call("POST", "/console/rewards", {
      token: manager,
      body: { name: "Cà phê sữa", pointsCost: 100, voucherValidityDays: 7 },
    });
    const redeemed = await api.ok(loyaltyEndpoints.redeem, {
      token: other.session.accessToken,
      body: { rewardId: reward.body.id as string, idempotencyKey: "guide-redeem" },
    });
    server = await serveApp(
      createApp(api.deps).fetch,
      { port: 0, hostname: "127.0.0.1" },
      { headersMs: 5_000, requestMs: 10_000, keepAliveMs: 1_000 },
    );
    env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      LOYALLOOP_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      LOYALLOOP_KEY: key.body.plainKey,
      MEMBER_PHONE: "0901234567",
      VOUCHER_CODE: redeemed.body.voucher.code,
    };
  });
  afterAll(async () => {
    await new Promise<void>((r) => server?.close(() => r()));
    await api.close();
  });

  it("has curl examples with answers", () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
    expect(examples.every((e) => e.command.includes("curl "))).toBe(true);
  });

  it("every example answers as the guide shows, in order", async () => {
    for (const { command, answer } of examples) {
      const out = await new Promise<string>((resolve, reject) =>
        execFile("bash", ["-c", command], { env }, (error, stdout, stderr) =>
          error ? reject(new Error(`${command}\n${stderr}`)) : resolve(stdout),
        ),
      );
      expect(sameShape(JSON.parse(out), JSON.parse(answer)), `${command}\n→ ${out}`).toEqual([]);
    }
  });
});
