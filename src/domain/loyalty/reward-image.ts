/**
 * Reward images (issue 16): what the server accepts and what it keeps. Pure: the bytes are
 * looked at, never decoded here (the server's resize does that).
 */

/** The largest upload taken: a phone's photo is 2–5 MB; more is refused before it is read. */
export const REWARD_IMAGE_MAX_BYTES = 8 * 1024 * 1024;
/**
 * The width kept: twice the 360 px of a small phone's screen (a 2x display drawing the image
 * across the screen), so one file serves the list's thumbnail and a full-width detail.
 */
export const REWARD_IMAGE_WIDTH = 720;
/** A tall image is cut down to this height instead (a banner-shaped reward never becomes a scroll). */
export const REWARD_IMAGE_MAX_HEIGHT = 1440;
/** The decoder's bound on the pixels of an upload (8K × 5K): a small file that expands to gigabytes is refused. */
export const REWARD_IMAGE_MAX_PIXELS = 40_000_000;

export const REWARD_IMAGE_TYPES = ["jpeg", "png", "webp"] as const;
export type RewardImageType = (typeof REWARD_IMAGE_TYPES)[number];

const startsWith = (bytes: Uint8Array, at: number, signature: readonly number[]) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/**
 * The image's type by its first bytes (its "magic number"), whatever its file name or the
 * Content-Type it came with say; null for anything else (a GIF, an SVG, a PDF, a renamed file).
 */
export function sniffImageType(bytes: Uint8Array): RewardImageType | null {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  // RIFF <size> WEBP
  if (startsWith(bytes, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, 8, [0x57, 0x45, 0x42, 0x50])) return "webp";
  return null;
}
