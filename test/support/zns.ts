/**
 * The pieces the ZNS tests against the fake Zalo share: the app served over HTTP with the fake's
 * delivery events pointed at its webhook, the OA's tokens stored, and a member with a message queued.
 */
import { serve, type ServerType } from "@hono/node-server";
import { and, eq, notInArray } from "drizzle-orm";
import { PURPOSES } from "../../src/domain/consent/purposes";
import { createApp } from "../../src/server/app";
import { brands, members, users, znsTemplates } from "../../src/server/db/schema";
import { enqueueMessage } from "../../src/server/features/messaging/enqueue";
import { oaTokenStore, type OaTokenStore } from "../../src/server/features/messaging/oa-token-store";
import { refreshOaToken } from "../../src/server/zalo/oa-token";
import { ZaloFake } from "../fakes/zalo-fake";
import { enrolledMember, type TestApi } from "./api";

export type ZnsRig = { fake: ZaloFake; brandId: string; store: OaTokenStore; close(): Promise<void> };

/** A fake Zalo on the test clock, the app's webhook served for its events, and the OA's first tokens stored. */
export async function znsRig(api: TestApi, key: Buffer): Promise<ZnsRig> {
  const fake = await new ZaloFake(api.deps.config.webhook!.appId, "fake-app-secret").start();
  fake.now = api.clock.now;
  let server: ServerType;
  const port = await new Promise<number>((ready) => {
    server = serve({ fetch: createApp(api.deps).fetch, port: 0, hostname: "127.0.0.1" }, (info) => ready(info.port));
  });
  fake.webhook = { url: `http://127.0.0.1:${port}/api/webhooks/zalo`, oaSecret: api.deps.config.webhook!.oaSecret, delayMs: 0 };
  const [{ id: brandId }] = (await api.database.db.select({ id: brands.id }).from(brands)) as [{ id: string }];
  // Granting care consent queues the welcome message; these tests count their own messages.
  await api.database.db.update(znsTemplates).set({ active: false }).where(eq(znsTemplates.trigger, "welcome"));
  const oauth = { oauthUrl: fake.url, appId: fake.appId, appSecret: fake.appSecret, timeoutMs: 1_000 };
  const store = oaTokenStore(api.database.db, key, api.clock.now, (refresh) => refreshOaToken(oauth, refresh));
  await store.save(brandId, { ...fake.issueOaTokens(), expiresInSeconds: 90_000 });
  return {
    fake,
    brandId,
    store,
    async close() {
      await new Promise((done) => server.close(done));
      await fake.stop();
    },
  };
}

/** A new member with this phone and the consent the template needs, and one message of it queued. */
export async function queuedZns(
  api: TestApi,
  brandId: string,
  template: typeof znsTemplates.$inferSelect,
  key: string,
  phone = "84912345678",
) {
  const m = await enrolledMember(api, key, "Lê Thu Trang");
  await api.database.db.update(users).set({ phone }).where(eq(users.id, m.user.id));
  const purpose = template.tag === "promotion" ? "zns_promo" : "zns_care";
  await api.call("POST", "/members/me/consents", {
    token: m.session.accessToken,
    body: { purpose, granted: true, wordingVersion: PURPOSES[purpose].version },
  });
  // A member of the brand the message is for (sign-in enrols into the first brand).
  await api.database.db.update(members).set({ brandId }).where(eq(members.id, m.card.memberId));
  const out = await api.database.db.transaction((tx) =>
    enqueueMessage(tx, {
      brandId,
      memberId: m.card.memberId,
      template,
      source: "test",
      dedupeKey: key,
      at: api.clock.now(),
      extras: { points_earned: 7 },
    }),
  );
  return (out as { messageId: string }).messageId;
}

/**
 * `count` members who can be sent promotions (a phone and promotion consent), and nobody else in
 * the brand's segments: the seed's demo members are erased the day before `at`. Returns their cards.
 */
export async function promoAudience(
  api: TestApi,
  o: { brandId: string; prefix: string; count: number; phonePrefix: string; at: number },
): Promise<Map<string, { memberId: string; qrSecret: string }>> {
  const db = api.database.db;
  const cards = new Map<string, { memberId: string; qrSecret: string }>();
  for (let i = 0; i < o.count; i++) {
    const m = await enrolledMember(api, `${o.prefix}-${i}`, `Khách ${i}`);
    cards.set(m.card.memberId, m.card);
    await db
      .update(users)
      .set({ phone: `${o.phonePrefix}${String(10_000 + i)}` })
      .where(eq(users.id, m.user.id));
    await api.call("POST", "/members/me/consents", {
      token: m.session.accessToken,
      body: { purpose: "zns_promo", granted: true, wordingVersion: PURPOSES.zns_promo.version },
    });
  }
  await db
    .update(members)
    .set({ erasedAt: new Date(o.at - 86_400_000) })
    .where(and(eq(members.brandId, o.brandId), notInArray(members.id, [...cards.keys()])));
  return cards;
}
