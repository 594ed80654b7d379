import { z } from "zod";
import { WEEKDAYS } from "../domain/stores/stores";
import { Instant, Uuid } from "./common";
import { Session, UserView } from "./auth";
import { nameText, text } from "./text";

/**
 * Stores and staff (issue 16). Shapes only: what may be saved (hours in order, an https map
 * link, a dialable phone) is the domain's storeProblems, answered as store_invalid with issues.
 */
const DayHours = z.object({ open: text().max(5), close: text().max(5) });
export const OpeningHoursSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, DayHours.nullable()])) as Record<(typeof WEEKDAYS)[number], z.ZodNullable<typeof DayHours>>,
  )
  .meta({ id: "OpeningHours" });

export const StoreIdParam = z.object({ storeId: Uuid });
export const StaffIdParam = z.object({ userId: Uuid });

export const StoreInput = z
  .object({
    name: nameText().max(200),
    address: text().max(400).nullable(),
    phone: text().max(40).nullable(),
    mapUrl: text().max(1000).nullable(),
    openingHours: OpeningHoursSchema.nullable(),
    active: z.boolean(),
  })
  .meta({ id: "StoreInput" });
export type StoreInput = z.infer<typeof StoreInput>;

export const ConsoleStore = StoreInput.extend({
  id: Uuid,
  /** Cashiers bound to the store (suspended ones included). */
  staffCount: z.number().int(),
  updatedAt: Instant,
}).meta({ id: "ConsoleStore" });
export type ConsoleStore = z.infer<typeof ConsoleStore>;
export const StoreAdminList = z.object({ stores: z.array(ConsoleStore) }).meta({ id: "StoreAdminList" });
export type StoreAdminList = z.infer<typeof StoreAdminList>;

/** What a shopper sees: active stores only. Open/closed is worked out on the phone (domain/stores openStateAt). */
export const PublicStore = z
  .object({
    id: Uuid,
    name: z.string(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    mapUrl: z.string().nullable(),
    openingHours: OpeningHoursSchema.nullable(),
  })
  .meta({ id: "PublicStore" });
export type PublicStore = z.infer<typeof PublicStore>;
export const PublicStoreList = z
  .object({
    stores: z.array(PublicStore),
    /** The brand's offset from UTC in minutes (Vietnam: 420), for open-now on the phone whatever its own zone. */
    utcOffsetMinutes: z.number().int(),
  })
  .meta({ id: "PublicStoreList" });
export type PublicStoreList = z.infer<typeof PublicStoreList>;

const StoreRef = z.object({ id: Uuid, name: z.string() });

export const ConsoleStaff = z
  .object({
    userId: Uuid,
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    stores: z.array(StoreRef),
    suspended: z.boolean(),
    joinedAt: Instant.nullable(),
    /** The last ledger entry or voucher use this cashier made. */
    lastActivityAt: Instant.nullable(),
    /** Earns and voucher uses in the last 30 days. */
    earns30d: z.number().int(),
    voucherUses30d: z.number().int(),
  })
  .meta({ id: "ConsoleStaff" });
export type ConsoleStaff = z.infer<typeof ConsoleStaff>;

export const ConsoleInvite = z
  .object({
    id: Uuid,
    label: z.string().nullable(),
    stores: z.array(StoreRef),
    createdAt: Instant,
    expiresAt: Instant,
    createdBy: z.string().nullable(),
  })
  .meta({ id: "ConsoleInvite" });
export type ConsoleInvite = z.infer<typeof ConsoleInvite>;

export const ConsoleStaffList = z
  .object({ staff: z.array(ConsoleStaff), pendingInvites: z.array(ConsoleInvite) })
  .meta({ id: "ConsoleStaffList" });
export type ConsoleStaffList = z.infer<typeof ConsoleStaffList>;

/** Suspend or reinstate, or move to other stores (the whole new list); either or both. */
export const StaffUpdate = z
  .object({ suspended: z.boolean().optional(), storeIds: z.array(Uuid).max(100).optional() })
  .meta({ id: "StaffUpdate" });
export type StaffUpdate = z.infer<typeof StaffUpdate>;

export const StaffActivityItem = z.object({
  kind: z.enum(["earn", "redeem", "adjust", "voucher_use"]),
  at: Instant,
  memberName: z.string(),
  storeName: z.string().nullable(),
  /** Points moved (signed), or null for a voucher use. */
  points: z.number().int().nullable(),
  billVnd: z.number().int().nullable(),
  receiptNo: z.string().nullable(),
  rewardName: z.string().nullable(),
});
export const StaffActivity = z.object({ items: z.array(StaffActivityItem) }).meta({ id: "StaffActivity" });
export type StaffActivity = z.infer<typeof StaffActivity>;

export const InviteCreate = z
  .object({ storeIds: z.array(Uuid).min(1).max(50), label: text().max(80).nullable().optional() })
  .meta({ id: "InviteCreate" });
export type InviteCreate = z.infer<typeof InviteCreate>;

export const InviteCreated = ConsoleInvite.extend({
  /** Shown once: the token is kept only as a hash. */
  url: z.string(),
}).meta({ id: "InviteCreated" });
export type InviteCreated = z.infer<typeof InviteCreated>;

export const InviteToken = z.object({ token: text().min(1).max(200) }).meta({ id: "InviteToken" });
export const InvitePreview = z
  .object({ brandName: z.string(), stores: z.array(StoreRef), expiresAt: Instant })
  .meta({ id: "InvitePreview" });
export type InvitePreview = z.infer<typeof InvitePreview>;
export const InviteAccepted = z.object({ session: Session, user: UserView }).meta({ id: "InviteAccepted" });
export type InviteAccepted = z.infer<typeof InviteAccepted>;
