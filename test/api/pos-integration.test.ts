import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { posEndpoints } from "../../src/contract/endpoints/integrations";
import { integrationConsoleEndpoints } from "../../src/contract/endpoints/integrations-console";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import {
  REPLAY_WINDOW_SECONDS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY_DELAYS_MS,
} from "../../src/domain/integrations/webhooks";
import { memberQrCode } from "../../src/domain/member-qr/member-qr";
import { queryRows } from "../../src/server/db/client";
import { apiKeys, auditEvents, ledgerEntries, users, vouchers, webhookDeliveries } from "../../src/server/db/schema";
import { runWebhookPass } from "../../src/server/features/integrations/webhooks";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { consoleSession, makeStore, type TestStore } from "../support/factories";
import { expectLedgerInvariants } from "../support/loyalty";

/** Issue 17: a store's POS with its API key; signed outgoing webhooks. */
describe("POS integration", () => {
  let api: TestApi;
  let admin: string;
  let q1: TestStore;
  let q3: TestStore;
  let key1: string;
  let key3: string;
  let phoneSeq = 0;

  beforeAll(async () => {
    api = await testApi();
    admin = await consoleSession(api, "admin");
    q1 = await makeStore(api, { name: "Quận 1" });
    q3 = await makeStore(api, { name: "Quận 3" });
    key1 = (await api.ok(integrationConsoleEndpoints.createApiKey, { token: admin, body: { name: "POS quầy 1", storeId: q1.id } })).body
      .plainKey;
    key3 = (await api.ok(integrationConsoleEndpoints.createApiKey, { token: admin, body: { name: "POS Q3", storeId: q3.id } })).body
      .plainKey;
  });
  afterAll(() => api.close());

  /** A member with a phone number (returned as typed at a till: 0…). */
  async function member(name = "Khách POS") {
    const n = String(++phoneSeq).padStart(4, "0");
    const m = await enrolledMember(api, `pos-${n}-${Math.random().toString(36).slice(2, 7)}`, name);
    await api.database.db
      .update(users)
      .set({ phone: `8490123${n}` })
      .where(eq(users.id, m.user.id));
    return { ...m, phone: `090123${n}` };
  }
  const pos = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
  const balanceOf = async (memberId: string) =>
    Number((await queryRows<{ b: string }>(api.database.db, sql`select points_balance as b from members where id = ${memberId}`))[0]!.b);

  describe("API keys", () => {
    it("an admin makes a key for a store, shown once; only a hash is stored; the key acts for its store and brand", async () => {
      const created = await api.ok(integrationConsoleEndpoints.createApiKey, { token: admin, body: { name: "Web shop", storeId: q1.id } });
      expect(created.status).toBe(201);
      const plain = created.body.plainKey;
      expect(plain).toMatch(/^llk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      expect(created.body.key).toMatchObject({ name: "Web shop", storeId: q1.id, storeName: "Quận 1", lastUsedAt: null, revokedAt: null });
      const listed = await api.ok(integrationConsoleEndpoints.listApiKeys, { token: admin });
      expect(JSON.stringify(listed.body)).not.toContain(plain.slice(17));
      expect(listed.body.keys.find((k) => k.id === created.body.key.id)!.masked).toBe(`${plain.slice(0, 16)}_…`);

      const me = await api.ok(posEndpoints.whoAmI, pos(plain));
      expect(me.body).toMatchObject({ keyName: "Web shop", store: { id: q1.id, name: "Quận 1" } });
      const [row] = await api.database.db.select().from(apiKeys).where(eq(apiKeys.id, created.body.key.id));
      expect(row!.lastUsedAt?.getTime()).toBe(api.clock.now());

      // The plain key, and its secret part, are in no column of any table.
      const secret = plain.slice(17);
      const tables = await queryRows<{ table_name: string }>(
        api.database.db,
        sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      );
      expect(tables.length).toBeGreaterThan(30);
      for (const { table_name } of tables) {
        const hits = await queryRows(
          api.database.db,
          sql`select 1 from ${sql.identifier(table_name)} t where row_to_json(t)::text like ${`%${secret}%`} limit 1`,
        );
        expect(hits, table_name).toEqual([]);
      }
      const audits = await api.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "api_key_created"), eq(auditEvents.subjectId, created.body.key.id)));
      expect(audits).toHaveLength(1);
    });

    it("only admins manage keys", async () => {
      const manager = await consoleSession(api, "manager");
      const refused = await api.refused(integrationConsoleEndpoints.createApiKey, { token: manager, body: { name: "x", storeId: q1.id } });
      expect(refused.body.error.code).toBe("forbidden");
      expect((await api.refused(integrationConsoleEndpoints.listApiKeys, { token: manager })).status).toBe(403);
    });

    it("refuses a missing, malformed, unknown or wrong key with key_invalid, and a revoked one with key_revoked", async () => {
      expect((await api.refused(posEndpoints.whoAmI)).body.error.code).toBe("key_invalid");
      expect((await api.refused(posEndpoints.whoAmI, pos("llk_nope"))).body.error.code).toBe("key_invalid");
      const wrongSecret = `${key1.slice(0, 17)}${"A".repeat(43)}`;
      expect((await api.refused(posEndpoints.whoAmI, pos(wrongSecret))).body.error.code).toBe("key_invalid");
      expect((await api.refused(posEndpoints.whoAmI, pos(`llk_aaaaaaaaaaaa_${"B".repeat(43)}`))).status).toBe(401);

      const made = await api.ok(integrationConsoleEndpoints.createApiKey, { token: admin, body: { name: "Tạm", storeId: q1.id } });
      await api.ok(posEndpoints.whoAmI, pos(made.body.plainKey));
      const revoked = await api.ok(integrationConsoleEndpoints.revokeApiKey, { token: admin, params: { keyId: made.body.key.id } });
      expect(revoked.body.revokedAt).not.toBeNull();
      const after = await api.refused(posEndpoints.whoAmI, pos(made.body.plainKey));
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe("key_revoked");
      // A second process reads the same row: revoked there too, at once.
      expect((await api.anotherProcess().refused(posEndpoints.whoAmI, pos(made.body.plainKey))).body.error.code).toBe("key_revoked");
      // A console token is not a key, and a key is not a console token.
      expect((await api.refused(posEndpoints.whoAmI, { headers: { authorization: `Bearer ${admin}` } })).body.error.code).toBe(
        "key_invalid",
      );
      expect((await api.refused(integrationConsoleEndpoints.listApiKeys, { token: key1 })).status).toBe(401);
    });
  });

  describe("earn and refunds", () => {
    it("earns by phone and by the card's QR code at the key's store, recorded as the POS (no person)", async () => {
      const m = await member();
      const byPhone = await api.ok(posEndpoints.earn, {
        ...pos(key1),
        body: { receiptNo: "HD-1001", amountVnd: 250_000, member: { phone: m.phone } },
      });
      expect(byPhone.body).toMatchObject({ memberId: m.card.memberId, points: 25, balance: 25, replayed: false });
      const code = memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now());
      const byQr = await api.ok(posEndpoints.earn, { ...pos(key1), body: { receiptNo: "HD-1002", amountVnd: 100_000, member: { code } } });
      expect(byQr.body).toMatchObject({ points: 10, balance: 35 });
      const entries = await api.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, m.card.memberId));
      expect(entries.map((e) => [e.storeId, e.actorKind, e.actorId, e.actorDevice?.slice(0, 16), e.method])).toEqual([
        [q1.id, "pos", null, key1.slice(0, 16).replace("llk_", "pos:"), "phone"],
        [q1.id, "pos", null, key1.slice(0, 16).replace("llk_", "pos:"), "qr"],
      ]);
      // An expired code and an unknown phone.
      const old = memberQrCode(m.card.memberId, m.card.qrSecret, api.clock.now() - 10 * 60_000);
      expect(
        (await api.refused(posEndpoints.earn, { ...pos(key1), body: { receiptNo: "HD-1003", amountVnd: 50_000, member: { code: old } } }))
          .body.error.code,
      ).toBe("qr_expired");
      const nobody = await api.refused(posEndpoints.earn, {
        ...pos(key1),
        body: { receiptNo: "HD-1003", amountVnd: 50_000, member: { phone: "0999999999" } },
      });
      expect([nobody.status, nobody.body.error.code]).toEqual([404, "member_not_found"]);
    });

    it("is idempotent by receipt per store; another amount is receipt_conflict; concurrent duplicates credit once", async () => {
      const m = await member();
      const body = { receiptNo: "hd-2001", amountVnd: 120_000, member: { phone: m.phone } };
      const answers = await Promise.all(Array.from({ length: 8 }, () => api.call("POST", "/pos/v1/earn", { ...pos(key1), body })));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
      expect(new Set(answers.map((a) => a.body.entryId)).size).toBe(1);
      expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1);
      expect(await balanceOf(m.card.memberId)).toBe(12);
      // Typed differently, the same receipt.
      const again = await api.ok(posEndpoints.earn, { ...pos(key1), body: { ...body, receiptNo: " HD-2001." } });
      expect(again.body.replayed).toBe(true);
      const conflict = await api.refused(posEndpoints.earn, { ...pos(key1), body: { ...body, amountVnd: 130_000 } });
      expect([conflict.status, conflict.body.error.code]).toEqual([409, "receipt_conflict"]);
      expect(conflict.body.error.params).toMatchObject({ points: 12 });
      // The same receipt number at another store is another receipt.
      await api.ok(posEndpoints.earn, { ...pos(key3), body });
      expect(await balanceOf(m.card.memberId)).toBe(24);
      await expectLedgerInvariants(api.database);
    });

    it("refunds in proportion, cumulatively, idempotent by refund id, never more than the bill", async () => {
      const m = await member();
      await api.ok(posEndpoints.earn, { ...pos(key1), body: { receiptNo: "HD-3001", amountVnd: 1_000_000, member: { phone: m.phone } } });
      expect(await balanceOf(m.card.memberId)).toBe(100);
      // 33% of the bill: 33 points back.
      const first = await api.ok(posEndpoints.refund, {
        ...pos(key1),
        body: { receiptNo: "HD-3001", refundId: "RF-3001-a", amountVnd: 330_000 },
      });
      expect(first.body).toMatchObject({ points: -33, balance: 67, billVnd: 1_000_000, refundedVnd: 330_000, replayed: false });
      const replay = await api.ok(posEndpoints.refund, {
        ...pos(key1),
        body: { receiptNo: "HD-3001", refundId: "RF-3001-a", amountVnd: 330_000 },
      });
      expect(replay.body).toMatchObject({ points: -33, balance: 67, entryId: first.body.entryId, replayed: true });
      const conflict = await api.refused(posEndpoints.refund, {
        ...pos(key1),
        body: { receiptNo: "HD-3001", refundId: "RF-3001-a", amountVnd: 10_000 },
      });
      expect(conflict.body.error.code).toBe("refund_conflict");
      // 5,000 ₫ takes back no whole point, but counts: the rest takes back exactly what is left.
      const tiny = await api.ok(posEndpoints.refund, {
        ...pos(key1),
        body: { receiptNo: "HD-3001", refundId: "RF-3001-b", amountVnd: 5_000 },
      });
      expect(tiny.body).toMatchObject({ points: 0, entryId: null, refundedVnd: 335_000 });
      const over = await api.refused(posEndpoints.refund, {
        ...pos(key1),
        body: { receiptNo: "HD-3001", refundId: "RF-3001-c", amountVnd: 700_000 },
      });
      expect([over.status, over.body.error.code, over.body.error.params]).toEqual([422, "refund_exceeds_bill", { remainingVnd: 665_000 }]);
      const rest = await api.ok(posEndpoints.refund, {
        ...pos(key1),
        body: { receiptNo: "HD-3001", refundId: "RF-3001-d", amountVnd: 665_000 },
      });
      expect(rest.body).toMatchObject({ points: -67, balance: 0, refundedVnd: 1_000_000 });
      const reversals = await api.database.db
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.memberId, m.card.memberId), eq(ledgerEntries.kind, "reversal")));
      expect(reversals.map((r) => [r.points, r.billVnd, r.actorKind, r.memberReason])).toEqual([
        [-33, 330_000, "pos", "purchase_returned"],
        [-67, 665_000, "pos", "purchase_returned"],
      ]);
      // Another store's key cannot refund this store's receipt.
      const elsewhere = await api.refused(posEndpoints.refund, {
        ...pos(key3),
        body: { receiptNo: "HD-3001", refundId: "RF-3001-e", amountVnd: 1 },
      });
      expect(elsewhere.body.error.code).toBe("receipt_not_found");
      await expectLedgerInvariants(api.database);
    });

    it("concurrent refunds: duplicates apply once, parts never exceed the earn", async () => {
      const m = await member();
      await api.ok(posEndpoints.earn, { ...pos(key1), body: { receiptNo: "HD-4001", amountVnd: 500_000, member: { phone: m.phone } } });
      const same = { receiptNo: "HD-4001", refundId: "RF-4001-same", amountVnd: 100_000 };
      const parts = Array.from({ length: 6 }, (_, i) => ({ receiptNo: "HD-4001", refundId: `RF-4001-p${i}`, amountVnd: 100_000 }));
      const answers = await Promise.all([
        ...Array.from({ length: 4 }, () => api.call("POST", "/pos/v1/refunds", { ...pos(key1), body: same })),
        ...parts.map((body) => api.call("POST", "/pos/v1/refunds", { ...pos(key1), body })),
      ]);
      expect(
        answers.every((a) => a.status === 200 || a.body.error?.code === "refund_exceeds_bill"),
        JSON.stringify(answers.map((a) => a.body)),
      ).toBe(true);
      const sameAnswers = answers.slice(0, 4);
      expect(sameAnswers.every((a) => a.status === 200)).toBe(true);
      expect(new Set(sameAnswers.map((a) => a.body.entryId)).size).toBe(1);
      // 500,000 of refunds in 100,000 parts: five succeed, the sixth and later are refused; 50 points in all.
      expect(answers.filter((a) => a.status === 200 && !a.body.replayed)).toHaveLength(5);
      expect(await balanceOf(m.card.memberId)).toBe(0);
      await expectLedgerInvariants(api.database);
    });

    it("never takes the balance below zero: a refund of points already spent is refused and changes nothing", async () => {
      const m = await member();
      await api.ok(posEndpoints.earn, { ...pos(key1), body: { receiptNo: "HD-5001", amountVnd: 500_000, member: { phone: m.phone } } });
      const manager = await consoleSession(api, "manager");
      await api.ok(loyaltyEndpoints.adjust, {
        token: manager,
        params: { memberId: m.card.memberId },
        body: { points: -40, reason: "Đã dùng ở quầy", idempotencyKey: `spend-${m.card.memberId}` },
      });
      const refused = await api.refused(posEndpoints.refund, {
        ...pos(key1),
        body: { receiptNo: "HD-5001", refundId: "RF-5001", amountVnd: 500_000 },
      });
      expect([refused.status, refused.body.error.code]).toEqual([409, "insufficient_points"]);
      expect(await balanceOf(m.card.memberId)).toBe(10);
      // A part that fits goes through.
      await api.ok(posEndpoints.refund, { ...pos(key1), body: { receiptNo: "HD-5001", refundId: "RF-5001-b", amountVnd: 100_000 } });
      expect(await balanceOf(m.card.memberId)).toBe(0);
    });
  });

  describe("vouchers", () => {
    async function voucher() {
      const m = await member("Khách voucher");
      const manager = await consoleSession(api, "manager");
      await api.ok(loyaltyEndpoints.adjust, {
        token: manager,
        params: { memberId: m.card.memberId },
        body: { points: 200, reason: "Khởi tạo kiểm thử", idempotencyKey: `seed-${m.card.memberId}` },
      });
      const reward = await api.call("POST", "/console/rewards", {
        token: manager,
        body: { name: "Cà phê sữa", pointsCost: 100, voucherValidityDays: 7 },
      });
      const redeemed = await api.ok(loyaltyEndpoints.redeem, {
        token: m.session.accessToken,
        body: { rewardId: reward.body.id as string, idempotencyKey: `redeem-${m.card.memberId}` },
      });
      return redeemed.body.voucher;
    }

    it("checks, then uses once even when several tills try at once; the use is recorded at the key's store, by no person", async () => {
      const v = await voucher();
      const checked = await api.ok(posEndpoints.checkVoucher, { ...pos(key1), body: { code: v.code } });
      expect(checked.body).toMatchObject({ voucherId: v.id, rewardName: "Cà phê sữa", pointsCost: 100 });
      const tries = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          api.call("POST", "/pos/v1/vouchers/use", { ...pos(i % 2 ? key1 : key3), body: { code: v.code, idempotencyKey: `use-try-${i}` } }),
        ),
      );
      expect(tries.filter((t) => t.status === 200)).toHaveLength(1);
      expect(tries.filter((t) => t.status === 409).every((t) => t.body.error.code === "voucher_used")).toBe(true);
      const [row] = await api.database.db.select().from(vouchers).where(eq(vouchers.id, v.id));
      expect(row).toMatchObject({ status: "used", usedBy: null });
      expect([q1.id, q3.id]).toContain(row!.usedStoreId);
      const winner = tries.find((t) => t.status === 200)!;
      const i = tries.indexOf(winner);
      const replay = await api.ok(posEndpoints.useVoucher, {
        ...pos(i % 2 ? key1 : key3),
        body: { code: v.code, idempotencyKey: `use-try-${i}` },
      });
      expect(replay.body.replayed).toBe(true);
      expect((await api.refused(posEndpoints.checkVoucher, { ...pos(key1), body: { code: v.code } })).body.error.code).toBe("voucher_used");
    });
  });

  describe("outgoing webhooks", () => {
    type Received = { headers: Record<string, string | string[] | undefined>; body: string };
    let server: Server;
    let url: string;
    const received: Received[] = [];
    /** What the receiver answers next (then 204). */
    const answers: number[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        req.on("end", () => {
          received.push({ headers: req.headers, body });
          res.statusCode = answers.shift() ?? 204;
          res.end();
        });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/loyalloop`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const pass = () => runWebhookPass({ db: api.database.db, now: api.clock.now, timeoutMs: 5_000 });
    /** The receiver's check, as docs/integration.md tells brands to write it. */
    function verify(r: Received, secret: string, nowMs: number) {
      const ts = Number(r.headers[TIMESTAMP_HEADER]);
      const expected = Buffer.from(`v1=${createHmac("sha256", secret).update(`${ts}.${r.body}`).digest("hex")}`);
      const given = Buffer.from(String(r.headers[SIGNATURE_HEADER]));
      return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(nowMs / 1000 - ts) <= REPLAY_WINDOW_SECONDS;
    }

    it("an admin adds an https endpoint (http only in development); the secret is shown once", async () => {
      const bad = await api.refused(integrationConsoleEndpoints.createWebhook, {
        token: admin,
        body: { url: "ftp://example.com/x", events: ["points.changed"] },
      });
      expect([bad.status, bad.body.error.code]).toEqual([422, "webhook_url_invalid"]);
      api.clock.advance(10_000); // earlier tests' voucher uses are older than an endpoint's start
      admin = await consoleSession(api, "admin");
      const manager = await consoleSession(api, "manager");
      expect(
        (await api.refused(integrationConsoleEndpoints.createWebhook, { token: manager, body: { url, events: ["points.changed"] } }))
          .status,
      ).toBe(403);
    });

    it("signs each delivery over timestamp + body; retries with backoff on failure; the log shows attempts", async () => {
      const created = await api.ok(integrationConsoleEndpoints.createWebhook, {
        token: admin,
        body: { url, events: ["points.changed", "voucher.used", "member.joined"] },
      });
      const secret = created.body.secret;
      expect(secret).toMatch(/^whsec_/);
      expect(JSON.stringify((await api.ok(integrationConsoleEndpoints.listWebhooks, { token: admin })).body)).not.toContain(secret);
      await pass(); // starts the endpoint's cursors at the present: nothing old is sent
      expect(received).toHaveLength(0);

      const m = await member("Khách webhook");
      await api.ok(posEndpoints.earn, { ...pos(key1), body: { receiptNo: "HD-9001", amountVnd: 200_000, member: { phone: m.phone } } });
      answers.push(500, 503); // the brand's system is down for two attempts
      expect(await pass()).toBe(2); // member.joined and points.changed
      const joined = received.find((r) => JSON.parse(r.body).type === "member.joined")!;
      const points = received.filter((r) => JSON.parse(r.body).type === "points.changed");
      expect(joined && points.length).toBeTruthy();
      for (const r of received) expect(verify(r, secret, api.clock.now())).toBe(true);
      // A tampered body or another secret does not verify; nor does a delivery replayed after the window.
      expect(verify({ ...received[0]!, body: received[0]!.body.replace("}", " }") }, secret, api.clock.now())).toBe(false);
      expect(verify(received[0]!, "whsec_other", api.clock.now())).toBe(false);
      expect(verify(received[0]!, secret, api.clock.now() + (REPLAY_WINDOW_SECONDS + 1) * 1000)).toBe(false);

      const log = async () => (await api.ok(integrationConsoleEndpoints.listDeliveries, { token: admin })).body.deliveries;
      const failed = (await log()).filter((d) => d.status === "queued");
      expect(failed).toHaveLength(2);
      expect(failed.map((d) => d.lastError).sort()).toEqual(["http_500", "http_503"]);
      expect(
        failed.every((d) => d.attempts === 1 && d.nextAttemptAt === new Date(api.clock.now() + WEBHOOK_RETRY_DELAYS_MS[0]).toISOString()),
      ).toBe(true);

      // Not due yet: nothing is sent. Due: sent again, with a fresh timestamp and the same event id and body.
      expect(await pass()).toBe(0);
      api.clock.advance(WEBHOOK_RETRY_DELAYS_MS[0]);
      admin = await consoleSession(api, "admin");
      const before = received.length;
      expect(await pass()).toBe(2);
      const retried = received.slice(before);
      for (const r of retried) expect(verify(r, secret, api.clock.now())).toBe(true);
      const firstIds = received
        .slice(0, before)
        .map((r) => JSON.parse(r.body).id)
        .sort();
      expect(retried.map((r) => JSON.parse(r.body).id).sort()).toEqual(firstIds);
      expect((await log()).filter((d) => d.status === "delivered").map((d) => d.attempts)).toEqual([2, 2]);

      const body = JSON.parse(points[0]!.body);
      expect(body).toMatchObject({
        type: "points.changed",
        data: {
          memberId: m.card.memberId,
          kind: "earn",
          points: 20,
          balance: 20,
          storeId: q1.id,
          receiptNo: "HD-9001",
          amountVnd: 200_000,
        },
      });
      expect(points[0]!.headers["x-loyalloop-event"]).toBe("points.changed");
    });

    it("gives up after the last retry, shows it failed, and an admin sends it again", async () => {
      const m = await member("Khách thất bại");
      await pass();
      const before = received.length;
      await api.ok(posEndpoints.earn, { ...pos(key1), body: { receiptNo: "HD-9101", amountVnd: 100_000, member: { phone: m.phone } } });
      for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
        answers.push(500, 500);
        expect(await pass()).toBeGreaterThan(0);
        if (attempt < WEBHOOK_MAX_ATTEMPTS) api.clock.advance(WEBHOOK_RETRY_DELAYS_MS[attempt - 1]!);
      }
      answers.length = 0;
      admin = await consoleSession(api, "admin");
      const failed = (await api.ok(integrationConsoleEndpoints.listDeliveries, { token: admin, query: { status: "failed" } })).body
        .deliveries;
      expect(failed.length).toBeGreaterThanOrEqual(1);
      expect(failed.every((d) => d.attempts === WEBHOOK_MAX_ATTEMPTS && d.nextAttemptAt === null)).toBe(true);
      api.clock.advance(7 * 86_400_000);
      expect(await pass()).toBe(0);
      admin = await consoleSession(api, "admin");
      const again = await api.ok(integrationConsoleEndpoints.retryDelivery, { token: admin, params: { deliveryId: failed[0]!.id } });
      expect(again.body.status).toBe("queued");
      expect(await pass()).toBe(1);
      expect(received.length).toBeGreaterThan(before);
      const [row] = await api.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, failed[0]!.id));
      expect(row!.status).toBe("delivered");
    });

    it("a removed endpoint gets nothing more", async () => {
      const list = (await api.ok(integrationConsoleEndpoints.listWebhooks, { token: admin })).body.endpoints;
      for (const e of list) await api.ok(integrationConsoleEndpoints.deleteWebhook, { token: admin, params: { endpointId: e.id } });
      await pass();
      const before = received.length;
      const m = await member();
      await api.ok(posEndpoints.earn, { ...pos(key1), body: { receiptNo: "HD-9201", amountVnd: 100_000, member: { phone: m.phone } } });
      expect(await pass()).toBe(0);
      expect(received.length).toBe(before);
    });
  });
});
