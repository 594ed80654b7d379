import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const brands = pgTable("brands", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const stores = pgTable("stores", {
  id: uuid("id").primaryKey().defaultRandom(),
  brandId: uuid("brand_id").notNull().references(() => brands.id),
  name: text("name").notNull(),
  address: text("address"),
  createdAt: createdAt(),
});

/** Every person who signs in: shoppers (Zalo), staff (Zalo), console users (Zalo or e-mail link). */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    brandId: uuid("brand_id").notNull().references(() => brands.id),
    role: text("role", { enum: ["member", "staff", "marketer", "manager", "admin"] }).notNull().default("member"),
    /** User id by Zalo App (getUserInfo().id / Graph /me id). */
    zaloId: text("zalo_id"),
    email: text("email"),
    displayName: text("display_name").notNull(),
    avatarUrl: text("avatar_url"),
    /** 84xxxxxxxxx, only after the shopper chose to share it through Zalo's prompt. */
    phone: text("phone"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_brand_zalo_uq").on(t.brandId, t.zaloId),
    uniqueIndex("users_brand_email_uq").on(t.brandId, t.email),
    check("users_role_ck", sql`${t.role} in ('member','staff','marketer','manager','admin')`),
  ],
);

export const staffStores = pgTable(
  "staff_stores",
  {
    userId: uuid("user_id").notNull().references(() => users.id),
    storeId: uuid("store_id").notNull().references(() => stores.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.storeId] })],
);

export const members = pgTable(
  "members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().unique().references(() => users.id),
    brandId: uuid("brand_id").notNull().references(() => brands.id),
    /** Human-friendly card number, printed under the QR. */
    memberSeq: bigserial("member_seq", { mode: "number" }).notNull().unique(),
    tier: text("tier").notNull().default("member"),
    pointsBalance: bigint("points_balance", { mode: "number" }).notNull().default(0),
    /** 32 random bytes, hex. HMAC key of the rotating QR (domain/member-qr). */
    qrSecret: text("qr_secret").notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("members_points_nonneg_ck", sql`${t.pointsBalance} >= 0`),
    index("members_brand_joined_idx").on(t.brandId, t.joinedAt),
  ],
);

/**
 * Append-only consent ledger: one row per decision. The current state of a purpose is the
 * latest row. Wording version and channel are kept as evidence (Decree 13/2023 Art. 11–12).
 */
export const consents = pgTable(
  "consents",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id),
    purpose: text("purpose").notNull(),
    granted: boolean("granted").notNull(),
    wordingVersion: text("wording_version").notNull(),
    channel: text("channel").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("consents_user_purpose_idx").on(t.userId, t.purpose, t.id)],
);

/** Refresh-token sessions. Tokens are stored as SHA-256 hashes, rotated on every refresh. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    refreshHash: text("refresh_hash").notNull().unique(),
    /** The hash it replaced: presenting it again means the token leaked (reuse detection). */
    previousHash: text("previous_hash"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_previous_idx").on(t.previousHash)],
);

/** One-time console sign-in links (`npm run console:link`). */
export const loginLinks = pgTable("login_links", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull().references(() => users.id),
  tokenHash: text("token_hash").notNull().unique(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/** Burned member QR steps: the primary key makes a replayed code fail atomically. */
export const qrScans = pgTable(
  "qr_scans",
  {
    memberId: uuid("member_id").notNull().references(() => members.id),
    step: bigint("step", { mode: "number" }).notNull(),
    scannedBy: uuid("scanned_by").notNull().references(() => users.id),
    scannedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.step] })],
);
