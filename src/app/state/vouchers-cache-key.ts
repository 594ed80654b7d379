import { platformStorage } from "../platform/storage";

/**
 * Where the voucher list is cached (state/vouchers-cache.ts), apart from its zod schema so the
 * session can forget it from the first route without loading zod (decision 0028).
 */
export const VOUCHERS_KEY = "ll.vouchers";

/** Signing out, switching account, erasing the account: the codes leave the phone. */
export function forgetCachedVouchers() {
  platformStorage.removeItem(VOUCHERS_KEY);
}
