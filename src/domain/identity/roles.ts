/**
 * Who may do what. Roles are per brand; a user has exactly one.
 * - member:   a shopper in the Mini App
 * - staff:    counter staff, bound to one or more stores, same Mini App
 * - marketer: console, messaging and segments
 * - manager:  console, everything a marketer does plus members, rewards and adjustments
 * - admin:    brand owner; everything
 */
export const ROLES = ["member", "staff", "marketer", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Roles that can sign in to the web console. */
export const CONSOLE_ROLES = ["marketer", "manager", "admin"] as const satisfies readonly Role[];
/** Console roles that may change the brand's configuration and members' points. */
export const MANAGERS = ["manager", "admin"] as const satisfies readonly Role[];
/** Roles that can use staff mode in the Mini App (scan members and vouchers). */
/** Connecting the brand's Zalo OA: the one who answers for the brand's Zalo accounts. */
export const ADMINS = ["admin"] as const satisfies readonly Role[];

export const COUNTER_ROLES = ["staff", "manager", "admin"] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function roleAllowed(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}

export function isConsoleRole(role: Role): boolean {
  return roleAllowed(role, CONSOLE_ROLES);
}

export function isCounterRole(role: Role): boolean {
  return roleAllowed(role, COUNTER_ROLES);
}
