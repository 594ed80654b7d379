/**
 * The consent ledger: append-only, one row per decision, read through the domain's consentAt /
 * mayUse. `mayContactMember` is the one entry point later features (campaigns, triggers, the
 * message queue at send time) use. Messaging depends on this module, never the reverse.
 * Every decision inserted also becomes its user's row of current_consents (the latest decision
 * per purpose), through a trigger in the same transaction: what segment counts, the campaign
 * funnel and the bulk enqueue read (decision 0048).
 */
import { and, asc, count, desc, eq, gt } from "drizzle-orm";
import type { MyConsents } from "../../../contract/preferences";
import {
  consentStates,
  mayUse,
  PURPOSES,
  CONSENT_PURPOSES,
  DAILY_EVIDENCE_BOUNDS,
  DAY_MS,
  type ConsentEvent,
  type ConsentPurpose,
  type UseRefusal,
  type ZaloPermission,
} from "../../../domain/consent/purposes";
import type { Db, Tx } from "../../db/client";
import { consents, members, users, zaloPermissionAnswers } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";

const HISTORY_LIMIT = 200;

export async function consentHistory(db: Db | Tx, userId: string): Promise<ConsentEvent[]> {
  const rows = await db.select().from(consents).where(eq(consents.userId, userId)).orderBy(asc(consents.id));
  return rows.map((r) => ({
    purpose: r.purpose,
    granted: r.granted,
    at: r.createdAt.getTime(),
    wordingVersion: r.wordingVersion,
    channel: r.channel,
  }));
}

export async function zaloAnswersOf(db: Db | Tx, userId: string) {
  const rows = await db
    .select()
    .from(zaloPermissionAnswers)
    .where(eq(zaloPermissionAnswers.userId, userId))
    .orderBy(desc(zaloPermissionAnswers.id));
  return rows.map((r) => ({ purpose: r.purpose, permission: r.permission, outcome: r.outcome, at: r.createdAt.toISOString() }));
}

export const eventView = (e: ConsentEvent) => ({
  purpose: e.purpose,
  granted: e.granted,
  wordingVersion: e.wordingVersion,
  channel: e.channel,
  at: new Date(e.at).toISOString(),
});

export async function myConsents(
  db: Db | Tx,
  user: { id: string; phone: string | null },
  now: number,
  oaId: string | null,
): Promise<MyConsents> {
  const [history, zalo] = await Promise.all([consentHistory(db, user.id), zaloAnswersOf(db, user.id)]);
  const states = consentStates(history, now);
  return {
    purposes: CONSENT_PURPOSES.map((p) => {
      const def = PURPOSES[p];
      const s = states[p];
      return {
        purpose: p,
        required: def.required,
        zaloPermission: def.zaloPermission,
        version: def.version,
        vi: def.vi,
        en: def.en,
        granted: s.granted,
        since: s.since === null ? null : new Date(s.since).toISOString(),
        wordingVersion: s.wordingVersion,
        zalo: zalo.find((z) => z.purpose === p)?.outcome ?? null,
      };
    }),
    history: history.slice(-HISTORY_LIMIT).reverse().map(eventView),
    zaloAnswers: zalo.slice(0, HISTORY_LIMIT),
    oaId,
    hasPhone: user.phone !== null,
  };
}

/**
 * Records a decision. Only a change is written: the same decision on the same wording again is
 * a no-op, a renewal on new wording is a change. The membership purpose is withdrawn only by
 * erasing the account (privacy routes), never by a switch.
 */
export async function recordConsent(
  db: Db,
  now: number,
  userId: string,
  req: { purpose: ConsentPurpose; granted: boolean; wordingVersion: string },
  channel = "mini_app",
): Promise<Outcome<null>> {
  return inTransaction(db, async (tx) => {
    const def = PURPOSES[req.purpose];
    if (req.wordingVersion !== def.version) {
      throw new Refusal(
        "consent_wording_outdated",
        `The wording of "${req.purpose}" changed (now ${def.version}); show it again before asking.`,
      );
    }
    if (def.required && !req.granted)
      throw new Refusal("consent_required", "Membership cannot be switched off; delete the account instead.");
    // Serialises decisions of one user so "only a change is written" holds under concurrency.
    // The member row first, as every writer of a member does (lockMember, erasure): a decision
    // sets its bit on that row (members.consent_bits, decision 0051), and taking the user row
    // first would wait in the opposite order to an erasure, which locks the member, then writes
    // the user row and the withdrawals (a deadlock).
    const [member] = await tx.select({ erasedAt: members.erasedAt }).from(members).where(eq(members.userId, userId)).for("no key update");
    // An erasure that committed while this request waited for the lock: nothing to decide on.
    if (member?.erasedAt) throw new Refusal("not_a_member", "This account was deleted.");
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const history = await consentHistory(tx, userId);
    const state = consentStates(history, Number.MAX_SAFE_INTEGER)[req.purpose];
    if (state.since !== null && state.granted === req.granted && state.wordingVersion === req.wordingVersion) return null;
    await withinDailyBound(tx, consents, userId, now, DAILY_EVIDENCE_BOUNDS.consentDecisions);
    // The ledger row is also the event the welcome message is made from (messaging reads it
    // through a cursor: dispatchWelcomeMessages); this feature knows nothing of messages.
    await tx.insert(consents).values({
      userId,
      purpose: req.purpose,
      granted: req.granted,
      wordingVersion: req.wordingVersion,
      channel,
      createdAt: new Date(now),
    });
    return null;
  });
}

/** Refuses a row past `bound` added by this user in the last 24 hours (DAILY_EVIDENCE_BOUNDS). */
async function withinDailyBound(
  tx: Tx,
  table: typeof consents | typeof zaloPermissionAnswers,
  userId: string,
  now: number,
  bound: number,
): Promise<void> {
  const [row] = await tx
    .select({ n: count() })
    .from(table)
    .where(and(eq(table.userId, userId), gt(table.createdAt, new Date(now - DAY_MS))));
  if ((row?.n ?? 0) >= bound) {
    throw new Refusal("daily_limit_reached", `At most ${bound} of these changes a day; try again tomorrow.`);
  }
}

/** Zalo's answer to the prompt a purpose needs, accepted only once the member agreed on our screen. */
export async function recordZaloAnswer(
  db: Db,
  now: number,
  userId: string,
  req: { purpose: ConsentPurpose; permission: ZaloPermission; outcome: "allowed" | "refused" | "unavailable" },
): Promise<Outcome<null>> {
  return inTransaction(db, async (tx) => {
    if (PURPOSES[req.purpose].zaloPermission !== req.permission) {
      throw new Refusal("invalid_request", `"${req.purpose}" does not use the Zalo permission "${req.permission}".`);
    }
    const state = consentStates(await consentHistory(tx, userId), now)[req.purpose];
    if (!state.granted) throw new Refusal("consent_not_granted", "Ask Zalo's prompt only after the member agreed to this purpose.");
    // Serialises one user's answers so the daily bound holds under concurrency.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    await withinDailyBound(tx, zaloPermissionAnswers, userId, now, DAILY_EVIDENCE_BOUNDS.zaloAnswers);
    await tx
      .insert(zaloPermissionAnswers)
      .values({ userId, purpose: req.purpose, permission: req.permission, outcome: req.outcome, createdAt: new Date(now) });
    return null;
  });
}

/**
 * May we contact (or use the data of) this member for `purpose` at `at`? The message queue asks
 * at send time, so a withdrawal stops everything not yet sent.
 */
export async function mayContactMember(
  db: Db | Tx,
  memberId: string,
  purpose: ConsentPurpose,
  at: number,
): Promise<{ ok: true } | { ok: false; reason: UseRefusal }> {
  const [m] = await db
    .select({ userId: members.userId, erasedAt: members.erasedAt })
    .from(members)
    .where(and(eq(members.id, memberId)));
  if (!m) return { ok: false, reason: "not_a_member" };
  return mayUse({ history: await consentHistory(db, m.userId), purpose, at, erased: m.erasedAt !== null });
}
