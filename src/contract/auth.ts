import { z } from "zod";
import { Instant, RoleSchema, Uuid } from "./common";
import { text } from "./text";

/** The Mini App sends the token from zmp-sdk getAccessToken() once; the server verifies it. */
export const ZaloLoginRequest = z.object({ accessToken: text().min(1).max(2048) }).meta({ id: "ZaloLoginRequest" });

export const RefreshRequest = z.object({ refreshToken: text().min(16).max(256) }).meta({ id: "RefreshRequest" });

export const Session = z
  .object({
    accessToken: z.string(),
    /** Access tokens live at most 15 minutes; refresh before this instant. */
    accessTokenExpiresAt: Instant,
    refreshToken: z.string(),
    refreshTokenExpiresAt: Instant,
  })
  .meta({ id: "Session" });
export type Session = z.infer<typeof Session>;

export const StoreRef = z.object({ id: Uuid, name: z.string() }).meta({ id: "StoreRef" });

export const UserView = z
  .object({
    id: Uuid,
    brandId: Uuid,
    role: RoleSchema,
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    stores: z.array(StoreRef),
    isMember: z.boolean(),
  })
  .meta({ id: "User" });
export type UserView = z.infer<typeof UserView>;

export const LoginResponse = z.object({ session: Session, user: UserView }).meta({ id: "LoginResponse" });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MeResponse = z
  .object({
    user: UserView,
    brand: z.object({ id: Uuid, name: z.string(), slug: z.string() }),
    /** True when the server runs without a Zalo app secret (dev identity mode). */
    devIdentity: z.boolean(),
  })
  .meta({ id: "MeResponse" });
export type MeResponse = z.infer<typeof MeResponse>;

/** Dev identity mode only: lets a tester try staff mode in the Mini App. */
export const DevRoleRequest = z.object({ role: z.enum(["member", "staff"]) }).meta({ id: "DevRoleRequest" });

/** Console: exchange a one-time sign-in link token (issued by `npm run console:link`). */
export const LinkLoginRequest = z.object({ token: text().min(1).max(256) }).meta({ id: "LinkLoginRequest" });
/** Console: one-click sign-in in dev identity mode. */
export const DevConsoleLoginRequest = z
  .object({ role: z.enum(["manager", "marketer", "admin"]).default("manager") })
  .meta({ id: "DevConsoleLoginRequest" });

export const LogoutRequest = z.object({ refreshToken: text().min(16).max(256) }).meta({ id: "LogoutRequest" });
