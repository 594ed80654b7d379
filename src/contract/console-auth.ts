import { z } from "zod";
import { Instant, Uuid } from "./common";
import { UserView } from "./auth";
import { nameText, text, webUrl } from "./text";

/**
 * Console sessions (docs/decisions/0040). The refresh token never reaches the page: the server
 * sets it in an httpOnly cookie scoped to /api/console; the page holds only the short-lived
 * access token.
 */
export const ConsoleAccess = z
  .object({
    accessToken: z.string(),
    /** Access tokens live at most 15 minutes; the console refreshes through the cookie after. */
    accessTokenExpiresAt: Instant,
  })
  .meta({ id: "ConsoleAccess" });
export type ConsoleAccess = z.infer<typeof ConsoleAccess>;

export const ConsoleLoginResponse = z.object({ session: ConsoleAccess, user: UserView }).meta({ id: "ConsoleLoginResponse" });
export type ConsoleLoginResponse = z.infer<typeof ConsoleLoginResponse>;

/** The header a console request that the cookie authenticates must carry; a cross-site form cannot send it. */
export const CONSOLE_CSRF_HEADER = "x-loyalloop-console";
export const CONSOLE_CSRF_VALUE = "1";

export const ConsoleSessionView = z
  .object({
    id: Uuid,
    userAgent: z.string().nullable(),
    createdAt: Instant,
    lastUsedAt: Instant,
    /** The session this request comes from. */
    current: z.boolean(),
  })
  .meta({ id: "ConsoleSession" });
export type ConsoleSessionView = z.infer<typeof ConsoleSessionView>;
export const ConsoleSessionList = z.object({ sessions: z.array(ConsoleSessionView) }).meta({ id: "ConsoleSessionList" });
export const SessionParam = z.object({ sessionId: Uuid });
export const EndedSessions = z.object({ ended: z.number().int() }).meta({ id: "EndedSessions" });

/** Roles an admin invites or gives (admins are made by the setup page, and by an admin). */
export const InvitableRole = z.enum(["marketer", "manager", "admin"]);
export type InvitableRole = z.infer<typeof InvitableRole>;

export const InviteRequest = z
  .object({
    role: InvitableRole,
    displayName: nameText().min(1).max(80),
    email: z.email().max(254).optional(),
  })
  .meta({ id: "InviteRequest" });
export const InviteCreated = z
  .object({
    id: Uuid,
    /** Shown once: the server keeps only its hash. */
    url: z.string(),
    expiresAt: Instant,
  })
  .meta({ id: "InviteCreated" });
export const InviteAcceptRequest = z.object({ token: text().min(16).max(256) }).meta({ id: "InviteAcceptRequest" });

export const ConsoleUserView = z
  .object({
    id: Uuid,
    displayName: z.string(),
    email: z.string().nullable(),
    role: InvitableRole,
    active: z.boolean(),
    createdAt: Instant,
  })
  .meta({ id: "ConsoleUser" });
export type ConsoleUserView = z.infer<typeof ConsoleUserView>;
export const PendingInviteView = z
  .object({ id: Uuid, role: InvitableRole, displayName: z.string().nullable(), expiresAt: Instant, createdAt: Instant })
  .meta({ id: "PendingInvite" });
export type PendingInviteView = z.infer<typeof PendingInviteView>;
export const ConsoleUserList = z
  .object({ users: z.array(ConsoleUserView), invites: z.array(PendingInviteView) })
  .meta({ id: "ConsoleUserList" });
export type ConsoleUserList = z.infer<typeof ConsoleUserList>;
export const UserParam = z.object({ userId: Uuid });
export const ConsoleUserChange = z
  .object({ role: InvitableRole.optional(), active: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined, { message: "role or active" })
  .meta({ id: "ConsoleUserChange" });

/** First run: is there a brand yet, and which slug the server serves (BRAND_SLUG). */
export const SetupStatus = z.object({ needed: z.boolean(), slug: z.string() }).meta({ id: "SetupStatus" });

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const SetupRequest = z
  .object({
    token: text().min(16).max(256),
    brand: z.object({
      name: nameText().min(1).max(80),
      slug: text()
        .min(2)
        .max(40)
        .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/),
      timeZone: text()
        .min(1)
        .max(64)
        .refine(isTimeZone, { params: { code: "time_zone" } }),
      miniAppId: text()
        .min(1)
        .max(40)
        .regex(/^[0-9]+$/),
      oaId: text()
        .min(1)
        .max(40)
        .regex(/^[0-9]+$/),
      logoUrl: webUrl().max(500).optional(),
    }),
    admin: z.object({ displayName: nameText().min(1).max(80), email: z.email().max(254).optional() }),
  })
  .meta({ id: "SetupRequest" });
export type SetupRequest = z.infer<typeof SetupRequest>;

/** An invitation an admin cancels while it is pending. */
export const InviteParam = z.object({ inviteId: Uuid });

/**
 * Zalo login for console users (docs/decisions/0040, addendum): where to send the browser
 * (Zalo's consent page, with the PKCE challenge and the state) and until when it may come back.
 */
export const ZaloLoginStart = z.object({ consentUrl: z.string(), expiresAt: Instant }).meta({ id: "ZaloLoginStart" });

/** What Zalo sends back to the callback: bounded text, anything else 400 before a state is looked at. */
export const ZaloLoginCallbackQuery = z.object({
  code: text().min(1).max(2048).optional(),
  state: text().min(1).max(200).optional(),
  error: text().max(200).optional(),
});

/** The signed-in user's Zalo login: whether the server offers it, and whether their Zalo account is linked. */
export const ConsoleZaloStatus = z
  .object({ available: z.boolean(), linked: z.boolean(), linkedAt: Instant.nullable() })
  .meta({ id: "ConsoleZaloStatus" });
export type ConsoleZaloStatus = z.infer<typeof ConsoleZaloStatus>;
