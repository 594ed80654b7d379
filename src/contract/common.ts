import { z } from "zod";
import { ROLES } from "../domain/identity/roles";
import { TIER_CODES } from "../domain/loyalty/tiers";
import { LOCALES } from "../domain/locale/locale";

export const Uuid = z.uuid();
export const RoleSchema = z.enum(ROLES);
export const TierSchema = z.enum(TIER_CODES);
export const LocaleSchema = z.enum(LOCALES);
/** ISO-8601 instant as sent over the wire. */
export const Instant = z.iso.datetime({ offset: true });
