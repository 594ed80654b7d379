import { OpenAPIHono } from "@hono/zod-openapi";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { memberEndpoints } from "../../../contract/endpoints/members";
import { MEMBERSHIP_TERMS, MEMBERSHIP_TERMS_VERSION, PHONE_PURPOSE } from "../../../domain/consent/membership-terms";
import { ROLES } from "../../../domain/identity/roles";
import { maskVnPhone, normalizeVnPhone } from "../../../domain/messaging/phone";
import { consents, members, users } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";
import { joinReferral } from "../referrals/referrals";
import { claimImportedProfile, lockImportPhones } from "./import";
import { activeMemberOf, memberWithUser, toCard } from "./cards";
import { requireMember } from "./require-member";

/** Mounted at / (the Mini App's paths). */
const route = routesAt("");
const tags = ["Members"];

const terms = route(memberEndpoints.terms, {
  tags,
  summary: "The current membership terms and the purpose of asking for the phone number",
  access: "public",
  ok: "Terms in Vietnamese and English",
});

const enrol = route(memberEndpoints.enrol, {
  tags,
  summary: "Become a member: records explicit consent to the membership terms",
  access: ROLES,
  ok: { 200: "Already a member: the existing card", 201: "Membership created" },
  errors: { 409: "The terms changed since they were shown (terms_outdated)" },
});

const card = route(memberEndpoints.card, {
  tags,
  summary: "The member card: tier, balance, and the secret to draw the rotating QR offline",
  access: ROLES,
  guards: [requireMember],
  ok: "The card",
});

const phone = route(memberEndpoints.phone, {
  tags,
  summary: "Save the phone number: the server exchanges the getPhoneNumber() token with the Graph API",
  access: ROLES,
  limit: "phoneExchange",
  guards: [requireMember],
  ok: "Saved",
  errors: { 422: "The phone token was refused, or the number is not Vietnamese", 502: "Zalo could not be reached" },
});

export const membershipMemberRoutes = new OpenAPIHono<AppEnv>()
  .openapi(terms, (c) =>
    c.json({ version: MEMBERSHIP_TERMS_VERSION, vi: MEMBERSHIP_TERMS.vi, en: MEMBERSHIP_TERMS.en, phonePurpose: PHONE_PURPOSE }, 200),
  )
  .openapi(enrol, async (c) => {
    const { database, now } = c.get("deps");
    const auth = c.get("auth");
    const body = c.req.valid("json");
    if (body.termsVersion !== MEMBERSHIP_TERMS_VERSION) {
      return fail(c, "terms_outdated", "The membership terms changed; show the new version and ask again.");
    }
    const created = await database.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(members)
        .values({
          userId: auth.userId,
          brandId: auth.brandId,
          qrSecret: randomBytes(32).toString("hex"),
          joinedAt: new Date(now()),
          // Joining happens in the Mini App: its first use (require-member.ts records the later ones).
          lastAppUseAt: new Date(now()),
        })
        .onConflictDoNothing({ target: members.userId })
        .returning({ id: members.id });
      if (inserted.length === 0) return false;
      // A friend's invite (a referral link opened before joining) becomes joined, in this transaction.
      await joinReferral(tx, now(), { userId: auth.userId, memberId: inserted[0]!.id });
      await tx.insert(consents).values({
        userId: auth.userId,
        purpose: "membership",
        granted: true,
        wordingVersion: `${MEMBERSHIP_TERMS_VERSION}/${body.locale}`,
        channel: "mini_app",
        createdAt: new Date(now()),
      });
      return true;
    });
    const [row] = await memberWithUser(database.db).where(activeMemberOf(auth.userId));
    // The user row of an erased account keeps its membership row (for the ledger): no new card.
    if (!row) return fail(c, "not_a_member", "This account was deleted.");
    return c.json({ card: toCard(row, now()), created }, created ? 201 : 200);
  })
  .openapi(card, async (c) => {
    const { database, now } = c.get("deps");
    const [row] = await memberWithUser(database.db).where(eq(members.id, c.get("member").id));
    return c.json(toCard(row!, now()), 200);
  })
  .openapi(phone, async (c) => {
    const { database, identity, now, log } = c.get("deps");
    const auth = c.get("auth");
    const { phoneToken, accessToken } = c.req.valid("json");
    // The access token must belong to the same Zalo user as the session, or anyone could
    // attach a phone number obtained in someone else's Mini App session.
    const [user] = await database.db.select({ zaloId: users.zaloId }).from(users).where(eq(users.id, auth.userId));
    const who = await identity.verifyUser(accessToken);
    if (!who.ok) {
      return who.kind === "unavailable"
        ? fail(c, "zalo_unavailable", "Zalo could not be reached; try again.")
        : fail(c, "zalo_token_invalid", "Zalo did not accept this access token.");
    }
    if (who.value.zaloId !== user?.zaloId) return fail(c, "forbidden", "The access token belongs to another Zalo user.");
    const exchanged = await identity.exchangePhone(accessToken, phoneToken);
    if (!exchanged.ok) {
      log.warn({ reqId: c.get("requestId"), zaloError: exchanged.zaloError, why: exchanged.message }, "phone exchange refused");
      return exchanged.kind === "unavailable"
        ? fail(c, "zalo_unavailable", "Zalo could not be reached; try again.")
        : fail(c, "phone_token_invalid", "Zalo refused the phone token (it is single-use and valid for 2 minutes).");
    }
    const normalized = normalizeVnPhone(exchanged.value);
    if (!normalized) return fail(c, "phone_invalid", "Zalo returned a number that is not a Vietnamese phone number.");
    const member = c.get("member");
    await database.db.transaction(async (tx) => {
      // Before the phone is saved: an import batch in flight finishes first (lockImportPhones).
      await lockImportPhones(tx, auth.brandId, "share");
      await tx
        .update(users)
        .set({ phone: normalized, updatedAt: new Date(now()) })
        .where(eq(users.id, auth.userId));
      // A member the brand imported with this phone (issue 17): their points, tier, name and
      // birthday become this member's, once, in the same transaction as the phone.
      await claimImportedProfile(tx, now(), { brandId: auth.brandId, memberId: member.id, userId: auth.userId, phone: normalized });
    });
    return c.json({ phoneMasked: maskVnPhone(normalized) }, 200);
  });
