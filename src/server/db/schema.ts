import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  customType,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { CASE_EVENT_KINDS, CASE_OUTCOMES, CASE_STATUSES } from "../../domain/cases/lifecycle";
import { CONSENT_PURPOSES, PRIVACY_REQUEST_KINDS, ZALO_OUTCOMES, ZALO_PERMISSIONS } from "../../domain/consent/purposes";
import type { WheelState } from "../../domain/game/draw";
import { REFERRAL_REFUSALS, REFERRAL_STATES } from "../../domain/game/referral";
import { CAMPAIGN_STATUSES, PLAY_GRANT_SOURCES, PRIZE_KINDS, type WheelCampaignConfig } from "../../domain/game/wheel";
import { AUDIT_ACTIONS } from "../../domain/identity/audit";
import { ROLES } from "../../domain/identity/roles";
import { ACTOR_KINDS, MEMBER_REASONS } from "../../domain/loyalty/actors";
import { EARN_METHODS, ENTRY_KINDS } from "../../domain/loyalty/ledger";
import type { Programme } from "../../domain/loyalty/programme";
import { TIER_CODES, type TierRules } from "../../domain/loyalty/tiers";
import { VOUCHER_STATUSES } from "../../domain/loyalty/vouchers";
import { CAMPAIGN_CHANNELS } from "../../domain/messaging/miniapp-notification";
import type { MessageErrorDetail } from "../../domain/messaging/message-errors";
import { MESSAGE_CHANNELS, MESSAGE_STATUSES, TRIGGER_NAMES } from "../../domain/messaging/messages";
import { OA_DISCONNECT_REASONS } from "../../domain/messaging/oa-connection";
import { ZNS_TAGS, ZNS_TEMPLATE_KINDS, type RenderNote, type TemplateParam } from "../../domain/messaging/zns-template";
import type { AnswerValue, Question } from "../../domain/preferences/form";
import type { Rule } from "../../domain/segments/rule";
import type { OpeningHours } from "../../domain/stores/stores";
import { ARM_KEYS, CONTROL } from "../../domain/campaigns/assignment";
import { WEBHOOK_EVENTS, type WebhookEvent } from "../../domain/integrations/webhooks";
import { CAMPAIGN_STATUSES as ZNS_CAMPAIGN_STATUSES } from "../../domain/campaigns/lifecycle";
import type { ParamOverride } from "../../domain/campaigns/mapping";
import { SEGMENT_STATUSES } from "../../domain/segments/segment";
import { TRIGGER_KINDS, type TriggerSettings } from "../../domain/triggers/triggers";
import type { FatigueRule } from "../../domain/surveys/fatigue";
import { BAND_IDS, SURVEY_KINDS } from "../../domain/surveys/kinds";
import {
  ANSWER_SOURCES,
  ASK_OUTCOMES,
  SURVEY_CHANNELS,
  SURVEY_STATUSES,
  TOUCHPOINTS,
  type SurveyDefinition,
} from "../../domain/surveys/survey";

/*
 * Enumerations are the domain's lists: `text({ enum })` types the column in TypeScript only (no
 * SQL change), and `$type` gives a JSON column its domain type, so reads need no casts. Writes
 * are checked by the contract and the domain before they get here.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const brands = pgTable("brands", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** The Mini App's link in Zalo (https://zalo.me/s/<mini app id>/): the `deep_link` template field. */
  miniAppUrl: text("mini_app_url"),
  /** IANA time zone the brand's days are counted in (the setup page sets it; Vietnam by default). */
  timeZone: text("time_zone").notNull().default("Asia/Ho_Chi_Minh"),
  /** The Zalo Mini App id and Official Account id the brand entered at setup (null: not yet). */
  miniAppId: text("mini_app_id"),
  oaId: text("oa_id"),
  logoUrl: text("logo_url"),
  createdAt: createdAt(),
});

export const stores = pgTable("stores", {
  id: uuid("id").primaryKey().defaultRandom(),
  brandId: uuid("brand_id")
    .notNull()
    .references(() => brands.id),
  name: text("name").notNull(),
  address: text("address"),
  /** What a shopper dials from the store list (issue 16). */
  phone: text("phone"),
  /** An https link to the store on a map ("Chỉ đường"); validated by domain/stores isMapUrl. */
  mapUrl: text("map_url"),
  /** Per weekday, in the brand's time zone (domain/stores OpeningHours); null: not given. */
  openingHours: jsonb("opening_hours").$type<OpeningHours>(),
  /** An inactive store is hidden from shoppers and offered to no new cashier; its history stays. */
  active: boolean("active").notNull().default(true),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every person who signs in: shoppers (Zalo), staff (Zalo), console users (Zalo or e-mail link). */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    role: text("role", { enum: ROLES }).notNull().default("member"),
    /** User id by Zalo App (getUserInfo().id / Graph /me id). */
    zaloId: text("zalo_id"),
    email: text("email"),
    displayName: text("display_name").notNull(),
    avatarUrl: text("avatar_url"),
    /** 84xxxxxxxxx, only after the shopper chose to share it through Zalo's prompt. */
    phone: text("phone"),
    /** Console users an admin deactivated: no sign-in, every session ended (docs/decisions/0040). */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    /**
     * Console users: the Zalo id (by the Zalo App, from Graph /me after Zalo login) they sign in
     * with (docs/decisions/0040, addendum). Kept apart from zalo_id, which is the Mini App
     * identity: a manager who is also a shopper of the brand has a member row with that id.
     */
    consoleZaloId: text("console_zalo_id"),
    consoleZaloLinkedAt: timestamp("console_zalo_linked_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The display name folded for search (no diacritics, đ → d, lower case, single spaces) by
     * the SQL function ll_fold (migration 0008), kept by the database itself, and its words
     * (GIN-indexed) — docs/decisions/0010-member-search-folding.md.
     */
    searchName: text("search_name").generatedAlwaysAs(sql`ll_fold(display_name)`),
    searchWords: text("search_words")
      .array()
      .generatedAlwaysAs(sql`string_to_array(ll_fold(display_name), ' ')`),
  },
  (t) => [
    index("users_search_words_idx").using("gin", t.searchWords),
    index("users_brand_phone_idx").on(t.brandId, t.phone),
    uniqueIndex("users_brand_zalo_uq").on(t.brandId, t.zaloId),
    uniqueIndex("users_brand_console_zalo_uq").on(t.brandId, t.consoleZaloId),
    uniqueIndex("users_brand_email_uq").on(t.brandId, t.email),
    check("users_role_ck", sql`${t.role} in ('member','staff','marketer','manager','admin')`),
  ],
);

export const staffStores = pgTable(
  "staff_stores",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.storeId] })],
);

/**
 * A cashier's standing (issue 16): who invited them, when they joined, and whether they are
 * suspended (their counter actions are refused with staff_suspended at once). Staff made before
 * invitations (the seed) have no row: active.
 */
export const staffProfiles = pgTable("staff_profiles", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  brandId: uuid("brand_id")
    .notNull()
    .references(() => brands.id),
  invitedBy: uuid("invited_by").references(() => users.id),
  joinedAt: timestamp("joined_at", { withTimezone: true }).notNull(),
  suspendedAt: timestamp("suspended_at", { withTimezone: true }),
});

/**
 * An invitation for a cashier: a random token shown once (link and QR), kept only as its
 * SHA-256; single use (used_at set by the one accept that wins), expiring.
 */
export const staffInvites = pgTable(
  "staff_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    tokenHash: text("token_hash").notNull(),
    storeIds: uuid("store_ids").array().notNull(),
    /** Who the admin meant it for, as they typed it ("Chị Lan, ca sáng"); shown in the console only. */
    label: text("label"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedBy: uuid("used_by").references(() => users.id),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("staff_invites_token_uq").on(t.tokenHash), index("staff_invites_brand_idx").on(t.brandId, t.createdAt)],
);

export const members = pgTable(
  "members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .unique()
      .references(() => users.id),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    /** Human-friendly card number, printed under the QR. */
    memberSeq: bigserial("member_seq", { mode: "number" }).notNull().unique(),
    tier: text("tier", { enum: TIER_CODES }).notNull().default("member"),
    pointsBalance: bigint("points_balance", { mode: "number" }).notNull().default(0),
    /** 32 random bytes, hex. HMAC key of the rotating QR (domain/member-qr). */
    qrSecret: text("qr_secret").notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when a scheduled evaluation found the member below their tier: the grace period start. */
    tierPendingSince: timestamp("tier_pending_since", { withTimezone: true }),
    /** First time the preference profile was complete: the one-time bonus was paid then. */
    profileCompletedAt: timestamp("profile_completed_at", { withTimezone: true }),
    /** "Delete my account": personal data erased, the row kept for the anonymised ledger. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    /**
     * The member's first use of the Mini App on the latest Vietnam day they used it (written at
     * most once a day by require-member.ts): Mini App notifications go only to recent users (§5.4).
     */
    lastAppUseAt: timestamp("last_app_use_at", { withTimezone: true }),
    /**
     * The purposes the member's user grants now, one bit each (CONSENT_BITS; SQL consent_bit), kept
     * from current_consents by triggers (migration 0058, decision 0051): what segments test on the
     * member row itself instead of looking a consent up per member.
     */
    consentBits: integer("consent_bits").notNull().default(0),
    /**
     * The latest `at` among the user's current decisions when the bits were last changed or
     * confirmed (an upper bound: a deleted decision leaves it): at any moment after it the bits are
     * the consent state, so the queue's check reads the member row alone (migration 0060).
     */
    consentChangedAt: timestamp("consent_changed_at", { withTimezone: true }),
  },
  (t) => [check("members_points_nonneg_ck", sql`${t.pointsBalance} >= 0`), index("members_brand_joined_idx").on(t.brandId, t.joinedAt)],
);

/**
 * Append-only consent ledger: one row per decision. The current state of a purpose is the
 * latest row. Wording version and channel are kept as evidence (Decree 13/2023 Art. 11–12).
 */
export const consents = pgTable(
  "consents",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    purpose: text("purpose", { enum: CONSENT_PURPOSES }).notNull(),
    granted: boolean("granted").notNull(),
    wordingVersion: text("wording_version").notNull(),
    channel: text("channel").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("consents_user_purpose_idx").on(t.userId, t.purpose, t.id)],
);

/**
 * Each user's current decision per purpose (decision 0048): the latest row of the consent ledger
 * for that user and purpose, by id — what segments and the campaign funnel call "granted"
 * (withdrawals, and erasure's withdrawals, are rows like any other). Written only by the trigger
 * `current_consents_refresh` (migration 0048) in the transaction that inserts the ledger row, so
 * a count of a million members joins one row per user instead of sorting every decision ever
 * made (DISTINCT ON). `consent_id` is that row, `at` its instant: a reader asking "at time T"
 * (mayUse) uses this row when `at` <= T and the ledger otherwise. No decision, no row.
 */
export const currentConsents = pgTable(
  "current_consents",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: CONSENT_PURPOSES }).notNull(),
    brandId: uuid("brand_id").notNull(),
    granted: boolean("granted").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    consentId: bigint("consent_id", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.purpose] }),
    // A segment's consent relation: the brand's users with a purpose, read as an index-only scan.
    index("current_consents_brand_idx").on(t.brandId, t.purpose, t.userId, t.granted),
  ],
);

/** Zalo's own answer to the permission prompt asked after a consent (evidence, like consents). */
export const zaloPermissionAnswers = pgTable(
  "zalo_permission_answers",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    purpose: text("purpose", { enum: CONSENT_PURPOSES }).notNull(),
    permission: text("permission", { enum: ZALO_PERMISSIONS }).notNull(),
    outcome: text("outcome", { enum: ZALO_OUTCOMES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("zalo_answers_user_idx").on(t.userId, t.id)],
);

/** Privacy requests served (export, erase): when and for whom, kept after erasure as the log. */
export const privacyRequests = pgTable(
  "privacy_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: PRIVACY_REQUEST_KINDS }).notNull(),
    detail: jsonb("detail").notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("privacy_requests_user_idx").on(t.userId, t.createdAt)],
);

/** A brand's preference form, one immutable row per published version. */
export const preferenceForms = pgTable(
  "preference_forms",
  {
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    version: integer("version").notNull(),
    questions: jsonb("questions").$type<Question[]>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.version] })],
);

/** A member's current answer per question, with the form version it was given for. */
export const preferenceAnswers = pgTable(
  "preference_answers",
  {
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    questionId: text("question_id").notNull(),
    formVersion: integer("form_version").notNull(),
    value: jsonb("value").$type<AnswerValue>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * A birthday answer's month × 100 + day (null for other questions), computed by the database
     * from `value`: a column, so segments read "birthday within N days" from an index alone
     * (decision 0050) — an index on the expression still fetched each answer's row.
     */
    birthdayKey: integer("birthday_key").generatedAlwaysAs(
      sql`case when question_id = 'birthday' then (value->>'month')::int * 100 + (value->>'day')::int end`,
    ),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.questionId] }),
    // Segments: "birthday within N days" as ranges of birthday_key with the member, index-only
    // (decision 0050); "has all of" these options from the GIN index on containment
    // (`value @> {"optionIds": [id]}` / `{"optionId": id}`, decision 0048's addendum on OR) —
    // "has any" / "has none" read preference_options.
    // Partial on the key itself: a range of it implies it, and the planner estimates the range
    // from the column's statistics alone (with `question_id = 'birthday'` as well it multiplied
    // the two, correlated as they are, and took 49,000 birthdays for 18,000).
    index("preference_answers_birthday_key_idx")
      .on(t.birthdayKey, t.memberId)
      .where(sql`${t.birthdayKey} is not null`),
    index("preference_answers_value_gin").using("gin", t.value.op("jsonb_path_ops")),
  ],
);

/**
 * Each choice answer's options, a row per (question, option, member) (decision 0050): written
 * only by the trigger `preference_options_refresh` (migration 0057) in the transaction that
 * writes the answer (the answer's own row lock orders writers of one answer), so "favourite
 * categories has drinks" is a range of the primary key, read without the answers' rows.
 */
export const preferenceOptions = pgTable(
  "preference_options",
  {
    questionId: text("question_id").notNull(),
    optionId: text("option_id").notNull(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.optionId, t.memberId] }),
    // The trigger's replacement of an answer's options, and a sample's probe of one member.
    index("preference_options_member_idx").on(t.memberId, t.questionId),
  ],
);

/** Refresh-token sessions. Tokens are stored as SHA-256 hashes, rotated on every refresh. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    refreshHash: text("refresh_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Set by logout, refresh-token reuse and account erasure; access tokens of the session stop working. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
    /** The browser's User-Agent at sign-in, for the console's sessions list (cut to 300 characters). */
    userAgent: text("user_agent"),
    /** The last sign-in or refresh of this session (access tokens in between are not counted). */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Every refresh token a session has rotated away (its family): presenting any of them again
 * means one was copied, so the session is revoked (reuse detection, docs/decisions/0011).
 * Rows go with their session.
 */
export const retiredRefreshTokens = pgTable("retired_refresh_tokens", {
  hash: text("hash").primaryKey(),
  sessionId: uuid("session_id")
    .notNull()
    .references(() => sessions.id, { onDelete: "cascade" }),
  retiredAt: timestamp("retired_at", { withTimezone: true }).notNull(),
});

/** One-time console sign-in links (`npm run console:link`). */
export const loginLinks = pgTable("login_links", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  tokenHash: text("token_hash").notNull().unique(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * Console invitations (docs/decisions/0040): an admin invites a manager or marketer by role;
 * the link's token is shown once and stored hashed, expires, and is claimed by exactly one
 * request. With no brand (first run), the start-up setup link is an invitation to become the
 * first admin of the brand it creates: brand_id null, role admin.
 */
export const consoleInvites = pgTable(
  "console_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id").references(() => brands.id),
    role: text("role", { enum: ROLES }).notNull(),
    displayName: text("display_name"),
    email: text("email"),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** An admin cancelled the invitation before it was used: its link no longer works. */
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** The user the invitation created (null until used). */
    userId: uuid("user_id").references(() => users.id),
    invitedBy: uuid("invited_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("console_invites_brand_idx").on(t.brandId)],
);

/** Burned member QR steps: the primary key makes a replayed code fail atomically. */
export const qrScans = pgTable(
  "qr_scans",
  {
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    step: bigint("step", { mode: "number" }).notNull(),
    scannedBy: uuid("scanned_by")
      .notNull()
      .references(() => users.id),
    scannedAt: createdAt(),
    /**
     * The earn (its idempotency key) that an offline-captured code of this step paid for: a
     * captured code credits one receipt, however long it stays valid.
     */
    earnKey: text("earn_key"),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.step] })],
);

/** Per-brand loyalty configuration. Tier rules are JSON validated by the contract on write. */
export const loyaltySettings = pgTable("loyalty_settings", {
  brandId: uuid("brand_id")
    .primaryKey()
    .references(() => brands.id),
  vndPerPoint: integer("vnd_per_point").notNull().default(10_000),
  /**
   * What one point is worth in VND when redeemed (the brand's redemption rate), for costing
   * points given away (the wheel's results); null: not set, the console shows points only.
   */
  pointValueVnd: integer("point_value_vnd"),
  maxBillVnd: bigint("max_bill_vnd", { mode: "number" }).notNull().default(100_000_000),
  lotValidityMonths: integer("lot_validity_months").notNull().default(12),
  tierRules: jsonb("tier_rules").$type<TierRules>().notNull(),
  /** Paid once when a member first completes their preference profile. */
  profileBonusPoints: integer("profile_bonus_points").notNull().default(50),
  /** M of the survey fatigue policy: at most one survey ask per member per this many days (domain/surveys/fatigue). */
  surveyGlobalThrottleDays: integer("survey_global_throttle_days").notNull().default(7),
  /**
   * The programme version in force (programme_versions): 0 until a console user first saves the
   * programme (the seed's or the defaults' values). The console's edit names it (basedOnVersion).
   */
  programmeVersion: integer("programme_version").notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every saved programme (issue 16, decision 0041): the whole settings as they were from
 * created_at on, append-only. The columns of loyalty_settings and the promotions rows are the
 * current version, which every event reads in its own transaction; this table is the record of
 * what was in force when, and by whose change.
 */
export const programmeVersions = pgTable(
  "programme_versions",
  {
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    version: integer("version").notNull(),
    settings: jsonb("settings").$type<Programme>().notNull(),
    /** The top-level parts that differ from the version before (PROGRAMME_PARTS). */
    changed: text("changed").array().notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.version] })],
);

export const promotions = pgTable("promotions", {
  id: uuid("id").primaryKey().defaultRandom(),
  brandId: uuid("brand_id")
    .notNull()
    .references(() => brands.id),
  name: text("name").notNull(),
  bps: integer("bps").notNull(),
  startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
  endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
  /** null: every store of the brand. */
  storeIds: uuid("store_ids").array(),
  createdAt: createdAt(),
});

/**
 * The points ledger: append-only. Every row moves points (never 0); corrections are new rows
 * (adjust, reversal) that point at what they correct. balance_after is the member's balance
 * right after this row, written in the same transaction, so history shows a running balance.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Append order: history and running balances follow it (times can tie). */
    seq: bigserial("seq", { mode: "number" }).notNull().unique(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    kind: text("kind", { enum: ENTRY_KINDS }).notNull(),
    points: bigint("points", { mode: "number" }).notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    storeId: uuid("store_id").references(() => stores.id),
    actorId: uuid("actor_id").references(() => users.id),
    /** Who caused the entry (docs/decisions/0017): a person (actor_id says which), a job, the game, a survey. */
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    /** Earns: the counter's device (the Mini App's per-install id, else `session:<id>`). */
    actorDevice: text("actor_device"),
    /** The receipt as typed at the till (shown); receipt_key is what is compared. */
    receiptNo: text("receipt_no"),
    /** domain/loyalty/receipt.ts receiptKey(receipt_no): `hd-0001` and ` HD-0001.` are one receipt. */
    receiptKey: text("receipt_key"),
    /** Earns: how the member was identified (qr, offline_code, card_number, phone); null otherwise. */
    method: text("method", { enum: EARN_METHODS }),
    billVnd: bigint("bill_vnd", { mode: "number" }),
    /**
     * Redeem, bonus, game prize: the label the member reads (reward, campaign). Adjustments,
     * reversals and refunds: the manager's internal note, never shown to the member.
     */
    reason: text("reason"),
    /** Adjustments, reversals, refunds: the preset the member reads (domain/loyalty/actors MEMBER_REASONS), or none. */
    memberReason: text("member_reason", { enum: MEMBER_REASONS }),
    refEntryId: uuid("ref_entry_id"),
    voucherId: uuid("voucher_id"),
    /** Caller-made key; unique per brand. Expiry rows use `expire:<lot id>`. */
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
  },
  (t) => [
    check("ledger_points_nonzero_ck", sql`${t.points} <> 0`),
    check("ledger_balance_nonneg_ck", sql`${t.balanceAfter} >= 0`),
    index("ledger_member_idx").on(t.memberId, t.seq),
    index("ledger_member_time_idx").on(t.memberId, t.occurredAt),
    // Partial: earns keep their key in idempotency_keys, and the hottest insert skips this index.
    uniqueIndex("ledger_idem_uq")
      .on(t.brandId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    // A receipt earns once per store, whoever scans it and however it is typed.
    uniqueIndex("ledger_receipt_uq")
      .on(t.brandId, t.storeId, t.receiptKey)
      .where(sql`${t.kind} = 'earn'`),
    // A ledger row is reversed at most once by a manager. A POS refunds a receipt in parts, each
    // a reversal with its own idempotency key (ledger_idem_uq), in proportion to the bill
    // (domain/integrations/refunds.ts; decision 0043): never more than the earn in all.
    uniqueIndex("ledger_reversal_uq")
      .on(t.refEntryId)
      .where(sql`${t.kind} = 'reversal' and ${t.idempotencyKey} is null`),
    // A voucher's points are refunded at most once.
    uniqueIndex("ledger_refund_uq")
      .on(t.voucherId)
      .where(sql`${t.kind} = 'refund'`),
    // "Everything this cashier did": the console's filter by who.
    index("ledger_actor_idx").on(t.brandId, t.actorId, t.seq),
    // "Was this earn reversed?" (visits, decision 0025): the reversals alone, so segments and the
    // visits summary probe a few thousand entries instead of scanning the ledger (decision 0048).
    index("ledger_reversal_of_idx")
      .on(t.refEntryId)
      .where(sql`${t.kind} = 'reversal'`),
    // Visits, retention and the store view (features/insights): the brand's earns in a period.
    // Migration 0048 adds INCLUDE (member_id, store_id, id), which drizzle cannot say: "visits in
    // the last N days" reads its window as an index-only scan (decision 0048).
    index("ledger_earn_time_idx")
      .on(t.brandId, t.occurredAt)
      .where(sql`${t.kind} = 'earn'`),
    check("ledger_actor_kind_ck", sql`${t.actorKind} in (${sql.raw(ACTOR_KINDS.map((k) => `'${k}'`).join(", "))})`),
  ],
);

/** Expiry lots: one per credit. `remaining` is derived state, consumed FIFO (domain/loyalty/lots). */
export const pointLots = pgTable(
  "point_lots",
  {
    id: uuid("id").primaryKey(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    original: bigint("original", { mode: "number" }).notNull(),
    remaining: bigint("remaining", { mode: "number" }).notNull(),
    earnedAt: timestamp("earned_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("lots_remaining_ck", sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.original}`),
    index("lots_member_open_idx")
      .on(t.memberId, t.expiresAt)
      .where(sql`${t.remaining} > 0`),
    // Migration 0048 adds INCLUDE (member_id, remaining): "points expiring within N days" sums
    // the window's open lots as an index-only scan (decision 0048).
    index("lots_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.remaining} > 0`),
  ],
);

/** Which lots each debit consumed (append-only evidence for FIFO). */
export const lotTakes = pgTable(
  "lot_takes",
  {
    entryId: uuid("entry_id")
      .notNull()
      .references(() => ledgerEntries.id),
    lotId: uuid("lot_id")
      .notNull()
      .references(() => pointLots.id),
    points: bigint("points", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.lotId] }), check("lot_takes_positive_ck", sql`${t.points} > 0`)],
);

/** Raw bytes (bytea) as a Node Buffer; PGlite and node-postgres both hand back a Uint8Array/Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Reward images uploaded in the console, already resized to WebP by the server, kept in the
 * database so every API process (and a PGlite install) serves the same bytes (docs/decisions/0045).
 * Never changed once written: a new upload is a new row, so its URL can be cached for good.
 */
export const rewardImages = pgTable(
  "reward_images",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** The console user who uploaded it. */
    uploadedBy: uuid("uploaded_by"),
    createdAt: createdAt(),
  },
  (t) => [index("reward_images_brand_idx").on(t.brandId)],
);

export const rewards = pgTable(
  "rewards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    /** Vietnamese: the brand's content as members see it unless their app is in English. */
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** English, optional: null falls back to the Vietnamese (issue 16). */
    nameEn: text("name_en"),
    descriptionEn: text("description_en"),
    /** An image given as an address (kept as typed); image_id wins when both are set. */
    imageUrl: text("image_url"),
    /** An uploaded image (reward_images). */
    imageId: uuid("image_id").references(() => rewardImages.id),
    pointsCost: integer("points_cost").notNull(),
    /** null: unlimited. */
    stock: integer("stock"),
    validFrom: timestamp("valid_from", { withTimezone: true }),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    voucherValidityDays: integer("voucher_validity_days").notNull().default(30),
    eligibleTiers: text("eligible_tiers", { enum: TIER_CODES }).array(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check("rewards_stock_ck", sql`${t.stock} is null or ${t.stock} >= 0`), check("rewards_cost_ck", sql`${t.pointsCost} > 0`)],
);

export const vouchers = pgTable(
  "vouchers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    rewardId: uuid("reward_id")
      .notNull()
      .references(() => rewards.id),
    code: text("code").notNull().unique(),
    status: text("status", { enum: VOUCHER_STATUSES }).notNull().default("issued"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedBy: uuid("used_by").references(() => users.id),
    usedStoreId: uuid("used_store_id").references(() => stores.id),
    /** When a manager cancelled it (status cancelled); the refund entry says who and why. */
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [
    index("vouchers_member_idx").on(t.memberId, t.issuedAt),
    // "Unused vouchers" (segments, decision 0048): the issued ones per member, index-only.
    index("vouchers_open_idx")
      .on(t.memberId, t.expiresAt)
      .where(sql`${t.status} = 'issued'`),
    // What one cashier did (console staff list, issue 16): their voucher uses, newest first.
    index("vouchers_used_by_idx").on(t.usedBy, t.usedAt),
  ],
);

/**
 * Stored outcomes of idempotent requests (Stripe's model): a replay with the same key and the
 * same request returns the stored response; the same key with another request is refused.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    body: jsonb("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.scope, t.key] })],
);

/** Periodic jobs: the row is a lease, so one process runs each job per period (jobs/scheduler.ts). */
export const jobRuns = pgTable("job_runs", {
  name: text("name").primaryKey(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }).notNull(),
});

// ── Messaging (issue 5; docs/messaging.md) ───────────────────────────────────────────────────

/** A ZNS template the brand registered with Zalo, with how each parameter is filled. */
export const znsTemplates = pgTable(
  "zns_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    name: text("name").notNull(),
    znsTemplateId: text("zns_template_id").notNull(),
    tag: text("tag", { enum: ZNS_TAGS }).notNull(),
    /** Zalo's template type: custom, or service rating (Zalo draws 1–5 stars and reports the tap as user_feedback). */
    kind: text("kind", { enum: ZNS_TEMPLATE_KINDS }).notNull().default("custom"),
    params: jsonb("params").$type<TemplateParam[]>().notNull(),
    preview: text("preview").notNull(),
    /** The automatic message this template serves, if any: welcome, points_updated, voucher_issued… */
    trigger: text("trigger", { enum: TRIGGER_NAMES }),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("zns_templates_brand_zns_uq").on(t.brandId, t.znsTemplateId),
    uniqueIndex("zns_templates_trigger_uq").on(t.brandId, t.trigger),
  ],
);

/**
 * The durable message queue: one row per message, written in the transaction of the event
 * that caused it. `trackingId` is fixed at enqueue, so it is persisted before any call.
 */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    templateId: uuid("template_id")
      .notNull()
      .references(() => znsTemplates.id),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull().default("zns"),
    /**
     * Why a "notification first" campaign's message went by ZNS instead of the Mini App
     * notification it was queued as (consent_withdrawn, notification_not_allowed,
     * notification_inactive); null for a message on its first channel.
     */
    fallbackReason: text("fallback_reason"),
    purpose: text("purpose", { enum: CONSENT_PURPOSES }).notNull(),
    tag: text("tag", { enum: ZNS_TAGS }).notNull(),
    /** What caused it: trigger:welcome, trigger:points_updated, campaign:<id>, test… */
    source: text("source").notNull(),
    /** One message per business event and source: a replayed event enqueues nothing. */
    dedupeKey: text("dedupe_key").notNull(),
    /** 32 hex characters: within ZNS's 48, no special characters. */
    trackingId: text("tracking_id").notNull().unique(),
    templateData: jsonb("template_data").$type<Record<string, string | number>>().notNull(),
    important: boolean("important").notNull().default(false),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull().default("queued"),
    notBefore: timestamp("not_before", { withTimezone: true }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    /**
     * Who holds the lease: random per claim. Every write of the worker that claimed the row is
     * conditional on it, so a claim that lost its lease (taken over after it ran out) changes nothing.
     */
    leaseBy: text("lease_by"),
    /**
     * Set (by the lease holder, in its own statement) just before the ZNS call: a `sending` row
     * whose lease ran out without it was never sent and goes back to the queue at once; with it,
     * Zalo may have the message, so it waits in `in_doubt` (docs/messaging.md).
     */
    callStartedAt: timestamp("call_started_at", { withTimezone: true }),
    /** A code (domain/messaging/message-errors.ts), never a sentence. */
    lastError: text("last_error"),
    /** What the code carries: a render's problems per parameter, the attempts given up after. */
    errorDetail: jsonb("error_detail").$type<MessageErrorDetail>(),
    /** What rendering did so the message could go: a value shortened, a fallback used (RenderNote). */
    renderNotes: jsonb("render_notes").$type<RenderNote[]>(),
    /**
     * A console test send: goes in Zalo's development mode (delivered only to the OA's and app's
     * admins), takes no daily quota and never counts toward the promotion caps.
     */
    devMode: boolean("dev_mode").notNull().default(false),
    msgId: text("msg_id"),
    /**
     * The survey ask this message carries (a post-purchase survey by ZNS rating or link): a
     * rating the member taps in a rating template comes back as user_feedback with our msg_id,
     * and is recorded against this ask (docs/zalo.md#zns-rating). Null for every other message.
     */
    surveyAskId: uuid("survey_ask_id").references((): AnyPgColumn => surveyAsks.id),
    /**
     * The Vietnam day whose quota this message holds one unit of (message_quota), or null: set in
     * the reservation's transaction, cleared when it is released, so a re-send never reserves twice.
     */
    quotaDay: integer("quota_day"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("messages_dedupe_uq").on(t.brandId, t.dedupeKey),
    index("messages_due_idx")
      .on(t.notBefore)
      .where(sql`${t.status} = 'queued'`),
    index("messages_lease_idx")
      .on(t.leaseUntil)
      .where(sql`${t.status} in ('sending', 'in_doubt')`),
    index("messages_member_idx").on(t.memberId, t.createdAt),
    index("messages_msg_id_idx").on(t.msgId),
    // What was sent in a period, and what it cost (features/insights).
    index("messages_sent_idx")
      .on(t.brandId, t.sentAt)
      .where(sql`${t.status} in ('sent', 'delivered')`),
    // A trigger's or campaign's results: its messages by status (features/triggers).
    index("messages_source_idx").on(t.brandId, t.source, t.status),
  ],
);

/**
 * What the brand pays Zalo per ZNS message, by tag, in whole đồng: overrides of
 * domain/messaging/zns-prices DEFAULT_ZNS_PRICES_VND (no row: the default). Read to estimate
 * what messages cost (the store view; campaigns will estimate a send's cost from it too).
 */
export const znsPrices = pgTable(
  "zns_prices",
  {
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    tag: text("tag", { enum: ZNS_TAGS }).notNull(),
    vndPerMessage: integer("vnd_per_message").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.tag] }), check("zns_prices_vnd_ck", sql`${t.vndPerMessage} >= 0`)],
);

/** Messages sent per brand per Vietnam day, against the OA's daily quota and its promotional share. */
export const messageQuota = pgTable(
  "message_quota",
  {
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    day: integer("day").notNull(),
    /** Units reserved by our messages (messages.quota_day): sent, in flight or in doubt. */
    sent: integer("sent").notNull().default(0),
    promo: integer("promo").notNull().default(0),
    /**
     * Zalo's own figure (dailyQuota − remainingQuota of its answers, the highest seen today: it
     * counts other systems using the OA too), our `sent` when it was recorded, and when.
     */
    zaloUsed: integer("zalo_used"),
    sentAtZalo: integer("sent_at_zalo"),
    zaloAt: timestamp("zalo_at", { withTimezone: true }),
    /** Zalo answered -115/-144: 'promotion' holds promotions only, 'all' every message (domain/messaging/quota.ts). */
    hold: text("hold", { enum: ["promotion", "all"] }),
    /** During a hold, when one held message may next go as a probe of Zalo's quota. */
    probeAt: timestamp("probe_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.day] })],
);

/** What Zalo told us about the OA: its daily ZNS quota changes with its tier (change_oa_daily_quota). */
export const oaLimits = pgTable("oa_limits", {
  brandId: uuid("brand_id")
    .primaryKey()
    .references(() => brands.id),
  dailyQuota: integer("daily_quota").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The brand's link with Zalo as the console's "Kết nối Zalo" page shows it (docs/zalo-setup.md):
 * the domain verification code Zalo gave (its file is served while set), the last event the
 * webhook accepted and the last it refused for its signature (a silent webhook breaks the
 * no-duplicate guarantee), and the last "check connection" with the OA name Zalo reported.
 */
export const oaLink = pgTable("oa_link", {
  brandId: uuid("brand_id")
    .primaryKey()
    .references(() => brands.id),
  siteVerification: text("site_verification"),
  oaName: text("oa_name"),
  lastEventAt: timestamp("last_event_at", { withTimezone: true }),
  lastEventName: text("last_event_name"),
  lastRejectedAt: timestamp("last_rejected_at", { withTimezone: true }),
  /** The last check's result (contract ConnectionCheckView), as shown until the next one. */
  lastCheck: jsonb("last_check"),
});

/**
 * OA tokens, encrypted at rest (AES-256-GCM); refreshed by one process at a time, which holds a
 * lease on the row (refresh_lease_*) during the OAuth call instead of a lock (oa-token-store.ts).
 */
export const oaTokens = pgTable("oa_tokens", {
  brandId: uuid("brand_id")
    .primaryKey()
    .references(() => brands.id),
  accessTokenEnc: text("access_token_enc").notNull(),
  refreshTokenEnc: text("refresh_token_enc").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** Who is refreshing (a random id per attempt) and until when; others wait, then may take over. */
  refreshLeaseBy: text("refresh_lease_by"),
  refreshLeaseUntil: timestamp("refresh_lease_until", { withTimezone: true }),
  /**
   * When the earliest refresh call whose answer we never got started (set with the lease, cleared
   * once an answer is stored): while set, the stored refresh token may already be spent.
   */
  refreshStartedAt: timestamp("refresh_started_at", { withTimezone: true }),
  /** Set when Zalo refused the refresh token for good: no call to Zalo until new tokens are saved. */
  disconnectedAt: timestamp("disconnected_at", { withTimezone: true }),
  /** Why (domain/messaging/oa-connection.ts OA_DISCONNECT_REASONS) and Zalo's error number. */
  disconnectReason: text("disconnect_reason", { enum: OA_DISCONNECT_REASONS }),
  disconnectZaloError: integer("disconnect_zalo_error"),
});

/**
 * How far a dispatcher has read an append-only table, e.g. the ledger for "points updated"
 * messages: the position moves in the same transaction as the messages it produced.
 */
/**
 * An OA connection started in the console and not yet finished (OAuth v4 with PKCE,
 * docs/zalo-setup.md): the state Zalo sends back (stored hashed, so a database read cannot
 * finish someone's flow), the PKCE verifier, and who started it for which brand. One use, a
 * short expiry; the callback has no console session header, so the state is its only proof.
 */
export const oaConnectStates = pgTable("oa_connect_states", {
  stateHash: text("state_hash").primaryKey(),
  brandId: uuid("brand_id")
    .notNull()
    .references(() => brands.id),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  sessionId: text("session_id").notNull(),
  codeVerifier: text("code_verifier").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

/**
 * Console Zalo login in flight (OAuth v4 with PKCE, docs/decisions/0040 addendum): the state's
 * hash, the PKCE verifier, and the hash of the browser-binding cookie set when the flow started
 * (so a callback in another browser — login CSRF — is refused). purpose sign_in: anyone; link:
 * the signed-in user (user_id, session_id) binding their Zalo account. Used once.
 */
export const consoleZaloStates = pgTable("console_zalo_states", {
  stateHash: text("state_hash").primaryKey(),
  purpose: text("purpose", { enum: ["sign_in", "link"] }).notNull(),
  brandId: uuid("brand_id")
    .notNull()
    .references(() => brands.id),
  userId: uuid("user_id").references(() => users.id),
  sessionId: text("session_id"),
  bindingHash: text("binding_hash").notNull(),
  codeVerifier: text("code_verifier").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

export const messageCursors = pgTable("message_cursors", {
  name: text("name").primaryKey(),
  position: bigint("position", { mode: "number" }).notNull().default(0),
});

/** Webhook events already applied (Zalo redelivers; the key is event name + message id). */
export const webhookEvents = pgTable("webhook_events", {
  key: text("key").primaryKey(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The sandbox transport's inbox: what a member would have seen. */
export const sandboxInbox = pgTable(
  "sandbox_inbox",
  {
    msgId: text("msg_id").primaryKey(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    trackingId: text("tracking_id").notNull(),
    phone: text("phone").notNull(),
    znsTemplateId: text("zns_template_id").notNull(),
    text: text("text").notNull(),
    data: jsonb("data").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sandbox_inbox_brand_idx").on(t.brandId, t.receivedAt)],
);

/**
 * Append-only record of sensitive looks: who, when, what. A manager revealing a live voucher
 * code in the console (every reveal is a row; decision 0012); a console user exporting the
 * brand's ledger as CSV, with the filters and the number of rows (members' names: decision 0021);
 * a manager changing a brand-wide survey setting, with the old and new value.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    /** What was looked at: for voucher_code_revealed, the voucher; for ledger_exported and survey_settings_changed, the brand. */
    subjectId: uuid("subject_id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** What exactly: for ledger_exported, the filters and the number of rows written; for survey_settings_changed, setting, from, to. */
    detail: jsonb("detail").$type<Record<string, string | number | boolean | null>>(),
  },
  (t) => [
    check(
      "audit_events_action_ck",
      // From the domain's list, so a new action is one entry there (and a generated migration).
      sql`${t.action} in (${sql.raw(AUDIT_ACTIONS.map((a) => `'${a}'`).join(", "))})`,
    ),
    index("audit_events_brand_idx").on(t.brandId, t.at),
    index("audit_events_subject_idx").on(t.subjectId),
  ],
);

/**
 * Request counters shared by every API process on PostgreSQL (src/server/http/rate-limits.ts).
 * The layout is rate-limiter-flexible's RateLimiterPostgres table, column for column and in
 * this order (it inserts positionally): key `<limit>:<who>`, points used, window end in epoch ms.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: bigint("expire", { mode: "number" }),
});

// ── Surveys (issue 13; docs/decisions/0026-surveys.md) ─────────────────────────────────────────

/**
 * A survey and its state. The definition lives in survey_versions; the columns an ask or a
 * list needs to find it (kind, touchpoint, channel, stores, window) are copied from the
 * current version on every save.
 */
export const surveys = pgTable(
  "surveys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    status: text("status", { enum: SURVEY_STATUSES }).notNull().default("draft"),
    version: integer("version").notNull(),
    kind: text("kind", { enum: SURVEY_KINDS }).notNull(),
    touchpoint: text("touchpoint", { enum: TOUCHPOINTS }).notNull(),
    channel: text("channel", { enum: SURVEY_CHANNELS }).notNull(),
    /** null: every store of the brand. */
    storeIds: uuid("store_ids").array(),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    index("surveys_brand_status_idx").on(t.brandId, t.status, t.touchpoint),
    check("surveys_status_ck", sql`${t.status} in ('draft', 'active', 'archived')`),
  ],
);

/** Append-only: one immutable row per saved version. An answer names the version it answered. */
export const surveyVersions = pgTable(
  "survey_versions",
  {
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<SurveyDefinition>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.version] })],
);

/**
 * Every time we asked a member (or tried to): what the fatigue policy counts, what a prompt in
 * the app and a link's token point at, and what a response rate per channel divides by.
 * A throttled ask is recorded (outcome throttled) and never delivered.
 */
export const surveyAsks = pgTable(
  "survey_asks",
  {
    /** Also the id of the token made for it. */
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id),
    surveyVersion: integer("survey_version").notNull(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    channel: text("channel", { enum: SURVEY_CHANNELS }).notNull(),
    touchpoint: text("touchpoint", { enum: TOUCHPOINTS }).notNull(),
    storeId: uuid("store_id").references(() => stores.id),
    /** The transaction that caused the ask (the earn's ledger entry id), bound into its token. */
    transactionRef: text("transaction_ref"),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull(),
    /** After this the prompt is no longer offered and its token no longer binds. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    outcome: text("outcome", { enum: ASK_OUTCOMES }).notNull(),
    /** throttled: which rule dropped it. */
    throttleRule: text("throttle_rule").$type<FatigueRule>(),
    /** zns_rating / zns_link: the queued message (messages.id), set by the ZNS sender. */
    messageId: uuid("message_id"),
    answerId: uuid("answer_id"),
    /** One ask per causing event: `earn:<ledger entry id>`; a replayed event asks nothing new. */
    sourceKey: text("source_key"),
  },
  (t) => [
    index("survey_asks_member_idx").on(t.memberId, t.askedAt),
    index("survey_asks_brand_idx").on(t.brandId, t.askedAt),
    uniqueIndex("survey_asks_source_uq")
      .on(t.brandId, t.sourceKey)
      .where(sql`${t.sourceKey} is not null`),
    check("survey_asks_outcome_ck", sql`${t.outcome} in ('pending', 'answered', 'throttled', 'failed')`),
  ],
);

/**
 * Answers, append-only: a score is never updated. A change inside the change window writes a
 * new row that `supersedes` the previous one and stamps the previous row's `superseded_at`
 * (the only update an answer row's score side ever gets), so "the current answer" is a plain
 * `superseded_at is null` that a unique index can guard. The follow-up (reasons, comment) is
 * kept on the current row. Dashboards read current rows only (the partial indexes).
 */
export const surveyAnswers = pgTable(
  "survey_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id),
    surveyVersion: integer("survey_version").notNull(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    kind: text("kind", { enum: SURVEY_KINDS }).notNull(),
    score: integer("score").notNull(),
    band: text("band", { enum: BAND_IDS }).notNull(),
    touchpoint: text("touchpoint", { enum: TOUCHPOINTS }).notNull(),
    storeId: uuid("store_id").references(() => stores.id),
    source: text("source", { enum: ANSWER_SOURCES }).notNull(),
    /** The transaction the answer is about (from a valid token or an ask); null: unbound. */
    transactionRef: text("transaction_ref"),
    askId: uuid("ask_id"),
    /** The phone's id of the tap (or `zns:<message id>` for a ZNS rating): a resend answers the same. */
    clientAnswerId: text("client_answer_id").notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull(),
    /** When the member first answered (this row or the one it supersedes): the change window counts from it. */
    firstAnsweredAt: timestamp("first_answered_at", { withTimezone: true }).notNull(),
    supersedes: uuid("supersedes"),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
    reasons: text("reasons")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    comment: text("comment"),
    followedUpAt: timestamp("followed_up_at", { withTimezone: true }),
    /** The reward credited for this answer (on the first row of a chain; 0 when none). */
    rewardPoints: integer("reward_points").notNull().default(0),
    ledgerEntryId: uuid("ledger_entry_id"),
  },
  (t) => [
    uniqueIndex("survey_answers_client_uq").on(t.memberId, t.clientAnswerId),
    // One current answer per (survey, member, transaction).
    uniqueIndex("survey_answers_current_uq")
      .on(t.surveyId, t.memberId, t.transactionRef)
      .where(sql`${t.supersededAt} is null and ${t.transactionRef} is not null`),
    index("survey_answers_member_idx").on(t.memberId, t.surveyId, t.answeredAt),
    index("survey_answers_brand_time_idx")
      .on(t.brandId, t.answeredAt)
      .where(sql`${t.supersededAt} is null`),
    index("survey_answers_brand_store_time_idx")
      .on(t.brandId, t.storeId, t.answeredAt)
      .where(sql`${t.supersededAt} is null`),
    // One survey's answers in time order, superseded ones too: the answers export reads them as
    // they stood when the file was asked (`superseded_at is null or > asOf`, which a partial index
    // on current rows cannot answer), a page of (answered_at, id) after the last at a time — with
    // the partial index each page was a scan and sort of the survey's answers (250,000: 340 ms a
    // page, growing with the survey), now an index range (decision 0047's addendum).
    index("survey_answers_survey_time_idx").on(t.surveyId, t.answeredAt, t.id),
    // The verbatim comments list: newest first by brand and kind, its band/store/date filters
    // checked inside the index (decision 0035). The word filter's trigram index is made by the
    // migration where pg_trgm exists (PostgreSQL), not declared here.
    index("survey_answers_comments_idx")
      .on(t.brandId, t.kind, t.answeredAt, t.band, t.storeId)
      .where(sql`${t.supersededAt} is null and ${t.comment} is not null`),
    check("survey_answers_score_ck", sql`${t.score} between 0 and 10`),
  ],
);

/**
 * The dashboards' exact daily rollup of current answers (decision 0035): answers per
 * (brand, kind, Vietnam day, survey, store, touchpoint, source, score). Written only by the
 * trigger `survey_answers_rollup` (migration 0028) in the transaction that writes the answer:
 * +1 for a row that becomes current, −1 for one that stops being current (superseded, deleted)
 * or changes. A bucket whose answers all went stays with 0; readers skip it.
 * `day` is the Vietnam day number (days since 1 Jan 1970 in UTC+7), as domain/loyalty/vietnam-time.
 */
export const surveyAnswerDays = pgTable(
  "survey_answer_days",
  {
    brandId: uuid("brand_id").notNull(),
    kind: text("kind", { enum: SURVEY_KINDS }).notNull(),
    day: integer("day").notNull(),
    surveyId: uuid("survey_id").notNull(),
    storeId: uuid("store_id"),
    touchpoint: text("touchpoint", { enum: TOUCHPOINTS }).notNull(),
    source: text("source", { enum: ANSWER_SOURCES }).notNull(),
    score: integer("score").notNull(),
    answers: integer("answers").notNull(),
  },
  // The upsert's key and the dashboards' range scan (brand, kind, days); nulls not distinct:
  // answers without a store share one bucket.
  (t) => [
    unique("survey_answer_days_key")
      .on(t.brandId, t.kind, t.day, t.surveyId, t.storeId, t.touchpoint, t.source, t.score)
      .nullsNotDistinct(),
  ],
);

/**
 * Each member's visits summarised (decision 0046): the first and last visit and the stores
 * visited, where a visit is an earn at a store that was not reversed (decision 0025). Written
 * only by the trigger `member_visits_refresh` (migration 0045) in the transaction that writes the
 * ledger row, recomputed from that member's entries, so segments ask "days since last visit",
 * "first visit" and "stores visited" of a million members without aggregating every earn.
 * A member with no visit has no row.
 */
export const memberVisits = pgTable(
  "member_visits",
  {
    memberId: uuid("member_id")
      .primaryKey()
      .references(() => members.id, { onDelete: "cascade" }),
    brandId: uuid("brand_id").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
    stores: uuid("stores").array().notNull(),
    /**
     * The member's recent visits as Vietnam day numbers (vietnamDayNumber), one element per
     * distinct (store, day), ascending: those within MAX_VISIT_WINDOW_DAYS (730) days of the
     * earlier of the latest visit and the day the row was written (migration 0055_visit_days),
     * so "visits in the last N days" is read from this row instead of the ledger's window.
     */
    visitDays: integer("visit_days")
      .array()
      .notNull()
      .default(sql`'{}'::int[]`),
  },
  (t) => [index("member_visits_brand_idx").on(t.brandId, t.lastAt)],
);

/**
 * Each member's latest current answer per survey kind (decision 0050): the band segments ask
 * about ("last NPS category", "last CSAT / CES level"). Written only by the trigger
 * `member_survey_bands_refresh` (migration 0056) in the transaction that writes the answer,
 * recomputed from that member's current answers of the kind (latest answered_at, then id), so
 * "detractors" is a range of an index instead of the latest answer per member worked out from
 * every answer at each count. No current answer of a kind, no row.
 */
export const memberSurveyBands = pgTable(
  "member_survey_bands",
  {
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SURVEY_KINDS }).notNull(),
    brandId: uuid("brand_id").notNull(),
    band: text("band", { enum: BAND_IDS }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull(),
    answerId: uuid("answer_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.kind] }),
    // A segment's band condition: the brand's members with a band of a kind, index-only.
    index("member_survey_bands_brand_idx").on(t.brandId, t.kind, t.band, t.memberId),
  ],
);

/** The same rollup for the follow-up reasons: answers per bucket, band and reason (the top reasons). */
export const surveyReasonDays = pgTable(
  "survey_reason_days",
  {
    brandId: uuid("brand_id").notNull(),
    kind: text("kind", { enum: SURVEY_KINDS }).notNull(),
    day: integer("day").notNull(),
    surveyId: uuid("survey_id").notNull(),
    storeId: uuid("store_id"),
    touchpoint: text("touchpoint", { enum: TOUCHPOINTS }).notNull(),
    source: text("source", { enum: ANSWER_SOURCES }).notNull(),
    band: text("band", { enum: BAND_IDS }).notNull(),
    reason: text("reason").notNull(),
    answers: integer("answers").notNull(),
  },
  (t) => [
    unique("survey_reason_days_key")
      .on(t.brandId, t.kind, t.day, t.surveyId, t.storeId, t.touchpoint, t.source, t.band, t.reason)
      .nullsNotDistinct(),
  ],
);

// ── Close the loop: feedback cases (issue 13; docs/decisions/0028-feedback-cases.md) ───────────

/**
 * A case a low answer opened for the store's manager: one per answer chain (the answer that
 * opened it is unique; a change of that answer inside its window moves `current_answer_id` and
 * the score, it never opens a second case). Status and times are derived state of case_events,
 * written in the same transaction as the event (domain/cases/lifecycle).
 */
export const feedbackCases = pgTable(
  "feedback_cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    /** null: the answer named no store (an unbound answer); listed under "no store". */
    storeId: uuid("store_id").references(() => stores.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveys.id),
    /** The answer that opened the case. */
    answerId: uuid("answer_id").notNull(),
    /** The chain's current answer (its follow-up is what the manager reads). */
    currentAnswerId: uuid("current_answer_id").notNull(),
    kind: text("kind", { enum: SURVEY_KINDS }).notNull(),
    openedScore: integer("opened_score").notNull(),
    score: integer("score").notNull(),
    band: text("band", { enum: BAND_IDS }).notNull(),
    /** The transaction (ledger entry id) the answer was about, when it was bound to one. */
    transactionRef: text("transaction_ref"),
    status: text("status", { enum: CASE_STATUSES }).notNull().default("open"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    /** openedAt + the SLA (48 h), fixed at opening. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    outcome: text("outcome", { enum: CASE_OUTCOMES }),
    /** The member changed the answer after the case opened (the last time). */
    answerChangedAt: timestamp("answer_changed_at", { withTimezone: true }),
    /** The manager who took the case: the first to act on it; null until then. */
    assignedTo: uuid("assigned_to").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("feedback_cases_answer_uq").on(t.answerId),
    index("feedback_cases_current_answer_idx").on(t.currentAnswerId),
    // The console's list and the store view's counts: a brand's cases not yet closed, oldest first.
    index("feedback_cases_unclosed_idx")
      .on(t.brandId, t.storeId, t.openedAt)
      .where(sql`${t.closedAt} is null`),
    index("feedback_cases_brand_opened_idx").on(t.brandId, t.openedAt),
    index("feedback_cases_member_idx").on(t.memberId, t.openedAt),
    check("feedback_cases_status_ck", sql`${t.status} in ('open', 'contacted', 'closed')`),
    check("feedback_cases_closed_ck", sql`(${t.status} = 'closed') = (${t.closedAt} is not null and ${t.outcome} is not null)`),
  ],
);

/** A case's history, append-only: who did what, when. */
export const caseEvents = pgTable(
  "case_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Append order: the history follows it (two events can share a time). */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => feedbackCases.id),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    kind: text("kind", { enum: CASE_EVENT_KINDS }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** The console user; null for what the member's answer did (opened, answer_changed). */
    actorId: uuid("actor_id").references(() => users.id),
    note: text("note"),
    outcome: text("outcome", { enum: CASE_OUTCOMES }),
    messageId: uuid("message_id"),
    voucherId: uuid("voucher_id"),
    fromScore: integer("from_score"),
    toScore: integer("to_score"),
    /** The console's key for the action: a retry answers what the first did. */
    idempotencyKey: text("idempotency_key"),
  },
  (t) => [
    index("case_events_case_idx").on(t.caseId, t.seq),
    uniqueIndex("case_events_idem_uq")
      .on(t.caseId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    // One apology voucher per case, whoever grants it and with whatever key.
    uniqueIndex("case_events_voucher_uq")
      .on(t.caseId)
      .where(sql`${t.kind} = 'voucher_granted'`),
  ],
);

// ── Lucky wheel (issue 14; docs/decisions/0031-game-wheel.md) ─────────────────────────────────

/**
 * A wheel campaign and its campaign-wide counters. The definition lives in game_campaign_versions;
 * the window is copied from the current version for listing. The counters (spins, wins, points
 * given, vouchers given) are written in the spin's transaction, under this row's lock (the lock
 * every spin of the campaign takes after its member's: decision 0031), with a guard in the
 * UPDATE so they can never pass the caps of the version in force.
 */
export const gameCampaigns = pgTable(
  "game_campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    version: integer("version").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    spins: bigint("spins", { mode: "number" }).notNull().default(0),
    wins: bigint("wins", { mode: "number" }).notNull().default(0),
    pointsGiven: bigint("points_given", { mode: "number" }).notNull().default(0),
    vouchersGiven: bigint("vouchers_given", { mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    index("game_campaigns_brand_status_idx").on(t.brandId, t.status),
    check("game_campaigns_status_ck", sql`${t.status} in ('draft', 'running', 'paused', 'ended')`),
    check("game_campaigns_counters_ck", sql`${t.spins} >= 0 and ${t.wins} >= 0 and ${t.wins} <= ${t.spins} and ${t.pointsGiven} >= 0`),
  ],
);

/**
 * Append-only: one immutable row per saved version (segments, odds, caps, plays, gates, window,
 * rules text, registration number). A draw names the version it was drawn under, so the rules a
 * member read stay true for it.
 */
export const gameCampaignVersions = pgTable(
  "game_campaign_versions",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => gameCampaigns.id),
    version: integer("version").notNull(),
    config: jsonb("config").$type<WheelCampaignConfig>().notNull(),
    /** Whether this version changed odds, prizes or caps from the one before (domain/game/wheel changesOdds). */
    changesOdds: boolean("changes_odds").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.version] })],
);

/**
 * Prizes left per segment (by the segment's stable id, so a new version keeps what was given),
 * and how many were won. null: unlimited. Decremented in the spin's transaction with a guard
 * (stock_left > 0); the CHECK is the last line of defence.
 */
export const gamePrizeStock = pgTable(
  "game_prize_stock",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => gameCampaigns.id),
    segmentId: text("segment_id").notNull(),
    stockLeft: integer("stock_left"),
    won: integer("won").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.segmentId] }),
    check("game_prize_stock_ck", sql`(${t.stockLeft} is null or ${t.stockLeft} >= 0) and ${t.won} >= 0`),
  ],
);

/** Per campaign and Vietnam day (days since 1970-01-01 in UTC+7): spins, wins and points given, for the daily caps. */
export const gameDays = pgTable(
  "game_days",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => gameCampaigns.id),
    day: integer("day").notNull(),
    spins: integer("spins").notNull().default(0),
    wins: integer("wins").notNull().default(0),
    points: bigint("points", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.day] }),
    check("game_days_counters_ck", sql`${t.spins} >= 0 and ${t.wins} >= 0 and ${t.wins} <= ${t.spins} and ${t.points} >= 0`),
  ],
);

/**
 * The draw log, append-only: every spin with what it was drawn from (the version, the random
 * value, the effective weights and the counters and stock at the time) and what it gave (the
 * ledger entry or the voucher). Replaying a row through domain/game/draw replayDraw gives the
 * same segment. The member's key for the tap is unique per member: a retry finds its draw.
 * Kept on account erasure like the ledger (the member row is anonymised, not deleted).
 */
export const gameDraws = pgTable(
  "game_draws",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seq: bigserial("seq", { mode: "number" }).notNull().unique(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => gameCampaigns.id),
    version: integer("version").notNull(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    drawnAt: timestamp("drawn_at", { withTimezone: true }).notNull(),
    /** The Vietnam day of the draw (free plays and daily caps count in it). */
    day: integer("day").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** Which play it used: the day's free play or an extra one. */
    playSource: text("play_source", { enum: ["free", "extra"] }).notNull(),
    /** The accepted uint32 from node:crypto. */
    random: bigint("random", { mode: "number" }).notNull(),
    weights: jsonb("weights").$type<number[]>().notNull(),
    state: jsonb("state").$type<WheelState>().notNull(),
    segmentIndex: integer("segment_index").notNull(),
    segmentId: text("segment_id").notNull(),
    prize: text("prize", { enum: PRIZE_KINDS }).notNull(),
    points: integer("points").notNull().default(0),
    rewardId: uuid("reward_id").references(() => rewards.id),
    ledgerEntryId: uuid("ledger_entry_id").references(() => ledgerEntries.id),
    voucherId: uuid("voucher_id").references(() => vouchers.id),
  },
  (t) => [
    uniqueIndex("game_draws_member_key_uq").on(t.memberId, t.idempotencyKey),
    index("game_draws_campaign_idx").on(t.campaignId, t.seq),
    index("game_draws_member_idx").on(t.memberId, t.campaignId, t.day),
    check("game_draws_random_ck", sql`${t.random} >= 0 and ${t.random} < 4294967296`),
    check("game_draws_play_source_ck", sql`${t.playSource} in ('free', 'extra')`),
    // A points prize has its ledger entry, a reward its voucher, nothing neither.
    check(
      "game_draws_outcome_ck",
      sql`(${t.prize} = 'points' and ${t.points} > 0 and ${t.ledgerEntryId} is not null and ${t.voucherId} is null)
        or (${t.prize} = 'reward' and ${t.points} = 0 and ${t.voucherId} is not null and ${t.ledgerEntryId} is null)
        or (${t.prize} = 'nothing' and ${t.points} = 0 and ${t.voucherId} is null and ${t.ledgerEntryId} is null)`,
    ),
  ],
);

/**
 * Extra plays granted to a member in a campaign: by an action (once per source key: the profile
 * and the OA once, a survey per answer, a purchase per ledger entry) or bought with points (the
 * ledger debit named). Append-only.
 */
export const gamePlayGrants = pgTable(
  "game_play_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => gameCampaigns.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    /** The Vietnam day of the grant. */
    day: integer("day").notNull(),
    source: text("source", { enum: PLAY_GRANT_SOURCES }).notNull(),
    plays: integer("plays").notNull(),
    /** domain/game/plays grantKey: what makes an action grant once. */
    sourceKey: text("source_key").notNull(),
    /** bought: the ledger debit that paid for it. */
    ledgerEntryId: uuid("ledger_entry_id").references(() => ledgerEntries.id),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("game_play_grants_source_uq").on(t.campaignId, t.memberId, t.sourceKey),
    index("game_play_grants_member_idx").on(t.memberId, t.campaignId),
    check("game_play_grants_plays_ck", sql`${t.plays} > 0`),
  ],
);

// ── Daily check-in and referrals (issue 14; docs/decisions/0032-checkin-and-referrals.md) ──────

/** A brand's check-in rules; no row: the defaults (off). */
export const checkinSettings = pgTable(
  "checkin_settings",
  {
    brandId: uuid("brand_id")
      .primaryKey()
      .references(() => brands.id),
    enabled: boolean("enabled").notNull().default(false),
    /** Points for day 1..7 of the streak's cycle (domain/game/checkin validateCheckinConfig). */
    pointsPerDay: integer("points_per_day").array().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id),
  },
  (t) => [check("checkin_settings_days_ck", sql`cardinality(${t.pointsPerDay}) = 7`)],
);

/**
 * One row per member per Vietnam calendar day: the unique index is what makes "one a day" true
 * whatever the taps, devices or retries. The streak is the one this check-in made.
 */
export const checkins = pgTable(
  "checkins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    /** The Vietnam calendar day (UTC+7) of the check-in. */
    day: date("day", { mode: "string" }).notNull(),
    streak: integer("streak").notNull(),
    cycleDay: integer("cycle_day").notNull(),
    points: integer("points").notNull(),
    /** The ledger credit (kind bonus, actor game); null when the day paid 0 points. */
    ledgerEntryId: uuid("ledger_entry_id").references(() => ledgerEntries.id),
    /** The Mini App's key for the tap: a retry answers what the first did. */
    idempotencyKey: text("idempotency_key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("checkins_member_day_uq").on(t.memberId, t.day),
    uniqueIndex("checkins_member_idem_uq").on(t.memberId, t.idempotencyKey),
    index("checkins_brand_day_idx").on(t.brandId, t.day),
    check("checkins_streak_ck", sql`${t.streak} >= 1 and ${t.cycleDay} between 1 and 7 and ${t.points} >= 0`),
  ],
);

/** A brand's referral rules; no row: the defaults (off). */
export const referralSettings = pgTable("referral_settings", {
  brandId: uuid("brand_id")
    .primaryKey()
    .references(() => brands.id),
  enabled: boolean("enabled").notNull().default(false),
  referrerPoints: integer("referrer_points").notNull(),
  friendPoints: integer("friend_points").notNull(),
  /** At most this many referrals pay the referrer per Vietnam calendar month. */
  monthlyCap: integer("monthly_cap").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id),
});

/**
 * One invite per friend (a user, member or not yet): invited → joined → purchased → rewarded,
 * or rejected, and reversed when the completing purchase is undone (domain/game/referral). The
 * first invite a friend accepts stands.
 */
export const referrals = pgTable(
  "referrals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    referrerMemberId: uuid("referrer_member_id")
      .notNull()
      .references(() => members.id),
    friendUserId: uuid("friend_user_id")
      .notNull()
      .references(() => users.id),
    /** Set when the friend becomes a member. */
    friendMemberId: uuid("friend_member_id").references(() => members.id),
    /** The signed code the friend opened. */
    code: text("code").notNull(),
    state: text("state", { enum: REFERRAL_STATES }).notNull(),
    rejectReason: text("reject_reason", { enum: REFERRAL_REFUSALS }),
    invitedAt: timestamp("invited_at", { withTimezone: true }).notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }),
    purchasedAt: timestamp("purchased_at", { withTimezone: true }),
    rewardedAt: timestamp("rewarded_at", { withTimezone: true }),
    rejectedAt: timestamp("rejected_at", { withTimezone: true }),
    /** The friend's first earn (the purchase that completed the referral). */
    purchaseEntryId: uuid("purchase_entry_id").references(() => ledgerEntries.id),
    referrerEntryId: uuid("referrer_entry_id").references(() => ledgerEntries.id),
    friendEntryId: uuid("friend_entry_id").references(() => ledgerEntries.id),
    referrerPoints: integer("referrer_points").notNull().default(0),
    friendPoints: integer("friend_points").notNull().default(0),
    /** The referrer had reached the monthly cap: the friend was paid, the referrer was not. */
    referrerCapped: boolean("referrer_capped").notNull().default(false),
    /** The completing purchase was undone (state reversed): what was paid was taken back, in that transaction. */
    reversedAt: timestamp("reversed_at", { withTimezone: true }),
    /** Points paid that could not be taken back at the reversal (already spent): recorded, not chased. */
    friendShortfall: integer("friend_shortfall").notNull().default(0),
    referrerShortfall: integer("referrer_shortfall").notNull().default(0),
  },
  (t) => [
    uniqueIndex("referrals_friend_uq").on(t.friendUserId),
    index("referrals_referrer_idx").on(t.referrerMemberId, t.invitedAt),
    index("referrals_brand_invited_idx").on(t.brandId, t.invitedAt),
    // The earn hook's look-up: is this member a joined friend waiting for their first purchase?
    index("referrals_friend_joined_idx")
      .on(t.friendMemberId)
      .where(sql`${t.state} = 'joined'`),
    // The monthly cap counts the referrer's paid referrals by reward time.
    index("referrals_referrer_rewarded_idx")
      .on(t.referrerMemberId, t.rewardedAt)
      .where(sql`${t.state} = 'rewarded'`),
    // A reversal of a purchase asks whether it completed a referral (decision 0032 addendum).
    index("referrals_purchase_idx")
      .on(t.purchaseEntryId)
      .where(sql`${t.purchaseEntryId} is not null`),
    check("referrals_state_ck", sql`${t.state} in ('invited', 'joined', 'purchased', 'rewarded', 'rejected', 'reversed')`),
    check("referrals_points_ck", sql`${t.referrerPoints} >= 0 and ${t.friendPoints} >= 0`),
    check(
      "referrals_shortfall_ck",
      sql`${t.friendShortfall} between 0 and ${t.friendPoints} and ${t.referrerShortfall} between 0 and ${t.referrerPoints}`,
    ),
  ],
);

// ── Segments (issue 15; docs/decisions/0033-segments.md) ──────────────────────────────────────

/** A saved segment and its state; the rule lives in segment_versions (the current one is `version`). */
export const segments = pgTable(
  "segments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    name: text("name").notNull(),
    status: text("status", { enum: SEGMENT_STATUSES }).notNull().default("active"),
    version: integer("version").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    index("segments_brand_idx").on(t.brandId, t.status, t.updatedAt),
    check("segments_status_ck", sql`${t.status} in ('active', 'archived')`),
  ],
);

/** Append-only: one immutable row per saved version; a campaign names the version it was sent to. */
export const segmentVersions = pgTable(
  "segment_versions",
  {
    segmentId: uuid("segment_id")
      .notNull()
      .references(() => segments.id),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    rule: jsonb("rule").$type<Rule>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.version] })],
);

// ── Campaigns (issue 15; docs/decisions/0034-campaign-split-and-send-plan.md) ──────────────────

/** A ZNS campaign: a saved segment's version, one or two arms, a control share, a schedule, its state. */
export const znsCampaigns = pgTable(
  "zns_campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    name: text("name").notNull(),
    status: text("status", { enum: ZNS_CAMPAIGN_STATUSES }).notNull().default("draft"),
    segmentId: uuid("segment_id")
      .notNull()
      .references(() => segments.id),
    segmentVersion: integer("segment_version").notNull(),
    controlPercent: integer("control_percent").notNull(),
    /** Null: send as soon as it is scheduled. */
    sendAt: timestamp("send_at", { withTimezone: true }),
    important: boolean("important").notNull().default(false),
    /**
     * zns, miniapp (Mini App notifications, §5.4), or miniapp_then_zns: the notification to members
     * who allowed it, ZNS to the others (docs/messaging.md#mini-app-notifications).
     */
    channel: text("channel", { enum: CAMPAIGN_CHANNELS }).notNull().default("zns"),
    /** The optimistic lock of edits and transitions. */
    version: integer("version").notNull().default(1),
    /** Recipients before the control group, counted at submission. */
    audience: integer("audience"),
    pausedFrom: text("paused_from", { enum: ["scheduled", "sending"] }),
    approvedBy: uuid("approved_by").references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    rejectionNote: text("rejection_note"),
    /** Recipients recorded and their messages queued (set once; a later pass finds nothing to add). */
    materialisedAt: timestamp("materialised_at", { withTimezone: true }),
    /** A recipient converted when they earned or redeemed within this many days after the send (results). */
    conversionDays: integer("conversion_days").notNull().default(7),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("zns_campaigns_brand_idx").on(t.brandId, t.updatedAt),
    index("zns_campaigns_due_idx")
      .on(t.status)
      .where(sql`${t.status} in ('scheduled', 'sending')`),
    check("zns_campaigns_control_ck", sql`${t.controlPercent} between 0 and 90`),
    check("zns_campaigns_conversion_days_ck", sql`${t.conversionDays} between 1 and 90`),
  ],
);

/** The arms of a campaign: A (and B), each a template with parameter overrides and a share. */
export const znsCampaignArms = pgTable(
  "zns_campaign_arms",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => znsCampaigns.id),
    key: text("key", { enum: ARM_KEYS }).notNull(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => znsTemplates.id),
    params: jsonb("params").$type<ParamOverride[]>().notNull(),
    sharePercent: integer("share_percent").notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.key] }), check("zns_campaign_arms_share_ck", sql`${t.sharePercent} between 0 and 100`)],
);

/**
 * Every member a campaign reached, with the arm recorded (the control group included, who are
 * sent nothing): one row per (campaign, member), so materialising twice adds nothing.
 */
export const znsCampaignRecipients = pgTable(
  "zns_campaign_recipients",
  {
    // No foreign keys (decision 0051): a campaign records 100,000 rows in a few statements, each
    // row's checks locked its campaign and its member row (KEY SHARE) — 1.7 s of a 3.9 s insert,
    // and a MultiXact per member while the messages' own checks locked the same members. The rows
    // come only from materialise (the campaign as loaded, members just selected), and neither
    // campaigns nor members are ever deleted (erasure keeps the member row).
    campaignId: uuid("campaign_id").notNull(),
    memberId: uuid("member_id").notNull(),
    arm: text("arm", { enum: [...ARM_KEYS, CONTROL] }).notNull(),
    /** The plan's day (1 = the first), null for the control group. */
    planDay: integer("plan_day"),
    /**
     * The random code of the member's click link (/c/<code>, put in the message's deep_link):
     * 128 bits, so it can be neither guessed nor traced back to the member. Null for the control group.
     */
    clickCode: text("click_code"),
    /** The first open of the click link (set once: `where clicked_at is null`). */
    clickedAt: timestamp("clicked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.memberId] }),
    index("zns_campaign_recipients_arm_idx").on(t.campaignId, t.arm),
    uniqueIndex("zns_campaign_recipients_click_uq").on(t.clickCode),
  ],
);

/** Per-brand campaign settings: above `approval_threshold` recipients a marketer's campaign needs a manager. */
export const campaignSettings = pgTable("campaign_settings", {
  brandId: uuid("brand_id")
    .primaryKey()
    .references(() => brands.id),
  approvalThreshold: integer("approval_threshold").notNull().default(1000),
});

// ── Always-on triggers (issue 15; docs/decisions/0039-always-on-triggers.md) ─────────────────

/**
 * A brand's trigger of one kind: switched on or off, the template it sends (with parameter
 * overrides, as a campaign arm) and its settings. No row: off, with the kind's defaults — except
 * the welcome, which sends with the template registered for it as it always did.
 */
export const brandTriggers = pgTable(
  "brand_triggers",
  {
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    kind: text("kind", { enum: TRIGGER_KINDS }).notNull(),
    enabled: boolean("enabled").notNull().default(false),
    templateId: uuid("template_id").references(() => znsTemplates.id),
    params: jsonb("params").$type<ParamOverride[]>().notNull().default([]),
    settings: jsonb("settings").$type<TriggerSettings>().notNull().default({}),
    /** The optimistic lock of edits. */
    version: integer("version").notNull().default(1),
    /** When it was last switched on: event kinds fire only for events after it. */
    enabledAt: timestamp("enabled_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.kind] })],
);

/**
 * One row per occurrence a trigger fired for: unique per (brand, kind, member, period), inserted
 * first in the transaction that issues the voucher and queues the message, so repeated passes,
 * restarts and concurrent processes fire each occurrence once. `outcome` says what came of it.
 */
export const triggerFirings = pgTable(
  "trigger_firings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    kind: text("kind", { enum: TRIGGER_KINDS }).notNull(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    period: text("period").notNull(),
    /** queued, no_consent, invalid, duplicate, no_template, out_of_stock, not_asked */
    outcome: text("outcome").notNull(),
    messageId: uuid("message_id").references(() => messages.id),
    voucherId: uuid("voucher_id").references(() => vouchers.id),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull(),
    /** The message's short link code (/c/<code>) when its template maps deep_link (as campaign recipients'; decision 0038). */
    clickCode: text("click_code"),
    /** The first open of that link. */
    clickedAt: timestamp("clicked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("trigger_firings_occurrence_uq").on(t.brandId, t.kind, t.memberId, t.period),
    uniqueIndex("trigger_firings_click_code_uq").on(t.clickCode),
    index("trigger_firings_brand_idx").on(t.brandId, t.kind, t.firedAt),
  ],
);

/** The tier each member was last seen at by the tier-upgrade trigger (an upgrade is a tier above it). */
export const triggerTierMarks = pgTable("trigger_tier_marks", {
  memberId: uuid("member_id")
    .primaryKey()
    .references(() => members.id),
  tier: text("tier", { enum: TIER_CODES }).notNull(),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull(),
});

// ── Integrations (issue 17; docs/decisions/0043, docs/integration.md) ─────────────────────────

/**
 * A store's POS API key. The key itself (`llk_<prefix>_<secret>`) is shown once, when it is made;
 * only the prefix (to find the row) and the SHA-256 of the secret are kept.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    name: text("name").notNull(),
    prefix: text("prefix").notNull().unique(),
    /** SHA-256 of the secret part, hex. */
    secretHash: text("secret_hash").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /** Written at most once a minute per key (a busy till would otherwise update it per request). */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_brand_idx").on(t.brandId, t.createdAt)],
);

/**
 * Where a brand's systems receive signed events. The secret signs every delivery, so it is kept
 * as it is (it cannot be hashed); the console shows it once.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    url: text("url").notNull(),
    secret: text("secret").notNull(),
    events: text("events").array().$type<WebhookEvent[]>().notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /** Removed by an admin: no new deliveries; the log stays. */
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [index("webhook_endpoints_brand_idx").on(t.brandId)],
);

/**
 * One event for one endpoint: the durable delivery queue, claimed and leased as the message
 * queue's rows are (FOR UPDATE SKIP LOCKED), retried with backoff, and the console's delivery log.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    /** The event's id, the same for every endpoint that receives it (receivers deduplicate on it). */
    eventId: uuid("event_id").notNull(),
    event: text("event", { enum: WEBHOOK_EVENTS }).notNull(),
    /** What caused it (points.changed:<ledger entry>, voucher.used:<voucher>…): one delivery per cause and endpoint. */
    dedupeKey: text("dedupe_key").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["queued", "sending", "delivered", "failed"] })
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    notBefore: timestamp("not_before", { withTimezone: true }).notNull(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    leaseBy: text("lease_by"),
    /** The last attempt's HTTP status (null: no answer) and error code (http_<n>, timeout, network). */
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_dedupe_uq").on(t.endpointId, t.dedupeKey),
    index("webhook_deliveries_due_idx")
      .on(t.notBefore)
      .where(sql`${t.status} = 'queued'`),
    index("webhook_deliveries_log_idx").on(t.brandId, t.createdAt),
    check("webhook_deliveries_status_ck", sql`${t.status} in ('queued', 'sending', 'delivered', 'failed')`),
  ],
);

/**
 * A POS refund of a receipt that earned (whole or part): the refund id is the POS's, unique per
 * store (a retry answers the first result). The amounts refunded so far decide the points each
 * new part takes back (domain/integrations/refunds.ts), also when a part took back no whole point
 * and so wrote no ledger entry.
 */
export const posRefunds = pgTable(
  "pos_refunds",
  {
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    refundId: text("refund_id").notNull(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    earnEntryId: uuid("earn_entry_id")
      .notNull()
      .references(() => ledgerEntries.id),
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
    /** Points taken back (≥ 0) and the reversal entry that took them (null when 0). */
    points: bigint("points", { mode: "number" }).notNull(),
    entryId: uuid("entry_id").references(() => ledgerEntries.id),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    /** All refunds of the receipt so far, this one included. */
    refundedTotalVnd: bigint("refunded_total_vnd", { mode: "number" }).notNull(),
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.refundId] }),
    index("pos_refunds_earn_idx").on(t.earnEntryId),
    check("pos_refunds_amount_ck", sql`${t.amountVnd} > 0 and ${t.points} >= 0`),
  ],
);

/**
 * A member import (issue 17, docs/import.md): one row per file the console imported. The id is
 * made by the console before it uploads, so it can poll `processed` while the upload runs.
 */
export const memberImports = pgTable(
  "member_imports",
  {
    id: uuid("id").primaryKey(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    fileName: text("file_name").notNull(),
    /** SHA-256 of the file's bytes: which file this was, for an audit question later. */
    fileSha256: text("file_sha256").notNull(),
    status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
    /** Rows of the file (header excluded), and how far the import is. */
    total: integer("total").notNull(),
    processed: integer("processed").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    /** Good rows whose phone an earlier import already brought in: left as they were. */
    skipped: integer("skipped").notNull().default(0),
    /** Good rows whose phone ONE joined member already had: merged into that member (decision 0044, addendum). */
    merged: integer("merged").notNull().default(0),
    refused: integer("refused").notNull().default(0),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("member_imports_brand_idx").on(t.brandId, t.createdAt)],
);

/**
 * An imported member, by phone: one per brand and phone, which is what makes a re-run of the
 * same (or a corrected) file change nothing for the phones already in. `member_id` is the
 * placeholder member (a user with no Zalo id) holding the opening balance in the ledger until
 * the phone's owner joins through Zalo and shares this number; then `claimed_member_id` says
 * who took it over (docs/decisions/0044-member-import.md). A row merged at import into a member
 * who had already joined with this phone has `member_id` = `claimed_member_id` = that member,
 * claimed at once (no placeholder; decision 0044, addendum).
 */
export const importedProfiles = pgTable(
  "imported_profiles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    /** 84xxxxxxxxx (domain/messaging/phone). */
    phone: text("phone").notNull(),
    importId: uuid("import_id")
      .notNull()
      .references(() => memberImports.id),
    rowNo: integer("row_no").notNull(),
    memberId: uuid("member_id")
      .notNull()
      .unique()
      .references(() => members.id),
    name: text("name").notNull(),
    birthYear: integer("birth_year"),
    birthMonth: integer("birth_month"),
    birthDay: integer("birth_day"),
    tier: text("tier", { enum: TIER_CODES }),
    points: bigint("points", { mode: "number" }).notNull(),
    storeId: uuid("store_id").references(() => stores.id),
    claimedMemberId: uuid("claimed_member_id").references(() => members.id),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("imported_profiles_brand_phone_uq").on(t.brandId, t.phone),
    check("imported_profiles_points_ck", sql`${t.points} >= 0`),
  ],
);
