import { z } from "zod";
import { VoucherView } from "../../contract/loyalty";
import { platformStorage, readJson } from "../platform/storage";
import { VOUCHERS_KEY } from "./vouchers-cache-key";

export { forgetCachedVouchers } from "./vouchers-cache-key";

/**
 * The shopper's voucher list as last read, kept like the member card (same platform storage:
 * zmp-sdk nativeStorage inside Zalo, localStorage elsewhere) so a voucher's QR can be shown at a
 * till with no signal. It holds only what the vouchers page shows (names, codes, QR payloads,
 * dates), tagged with the user it was read for: another account on the same phone never sees it.
 * A leaf module (no session import), so the session can forget it on sign-out without a cycle.
 */
const CachedVouchers = z.object({ userId: z.string(), savedAt: z.number().int(), items: z.array(VoucherView) });
export type CachedVouchers = z.infer<typeof CachedVouchers>;

/**
 * The cached list of this user, or null. A voucher still "issued" in the cache but past its expiry
 * by now reads as expired: the cache cannot know about a use at the till, but it does know time.
 */
export function readCachedVouchers(userId: string, now: number = Date.now()): CachedVouchers | null {
  const parsed = CachedVouchers.safeParse(readJson(platformStorage, VOUCHERS_KEY));
  if (!parsed.success || parsed.data.userId !== userId) return null;
  const items = parsed.data.items.map((v) =>
    v.status === "issued" && Date.parse(v.expiresAt) <= now ? { ...v, status: "expired" as const } : v,
  );
  return { ...parsed.data, items };
}

export function writeCachedVouchers(cached: CachedVouchers) {
  platformStorage.setItem(VOUCHERS_KEY, JSON.stringify(cached));
}
