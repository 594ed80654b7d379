import { QR_STEP_SECONDS } from "../member-qr/member-qr";

/** How long an offline counter may hold a scanned code before sending it. */
export const OFFLINE_SCAN_MAX_AGE_MS = 72 * 3_600_000;

/**
 * Whether a code captured offline at `capturedAt` may still earn at `now`: at most 72 h old, and
 * not ahead of `now` by more than one QR step.
 */
export function offlineScanInWindow(capturedAt: number, now: number): boolean {
  return !(capturedAt > now + QR_STEP_SECONDS * 1000 || capturedAt < now - OFFLINE_SCAN_MAX_AGE_MS);
}
