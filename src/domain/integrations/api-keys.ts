/**
 * A POS's API key (docs/decisions/0043): `llk_<prefix>_<secret>`. The prefix (12 lowercase
 * letters and digits) finds the key's row; the secret (43 base64url characters, 32 random
 * bytes) is never stored, only its SHA-256, compared in constant time. The caller passes the
 * random bytes in: the domain makes no randomness of its own.
 */
export const API_KEY_PREFIX_LENGTH = 12;
export const API_KEY_SECRET_LENGTH = 43;
const KEY_PATTERN = /^llk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export type ParsedApiKey = { prefix: string; secret: string };

/** The key as the POS sends it; null when it is not shaped like one of ours. */
export function parseApiKey(text: string): ParsedApiKey | null {
  const match = KEY_PATTERN.exec(text);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/** A new key from 12 + 32 random bytes: the prefix's letters and the secret. */
export function newApiKey(prefixBytes: Uint8Array, secretBytes: Uint8Array): ParsedApiKey & { key: string } {
  if (prefixBytes.length < API_KEY_PREFIX_LENGTH || secretBytes.length !== 32)
    throw new Error("newApiKey: 12 prefix bytes and 32 secret bytes");
  let prefix = "";
  for (let i = 0; i < API_KEY_PREFIX_LENGTH; i++) prefix += ALPHABET[prefixBytes[i]! % ALPHABET.length];
  const secret = base64url(secretBytes);
  return { prefix, secret, key: `llk_${prefix}_${secret}` };
}

/** What the console shows of a key after its creation: enough to tell keys apart, nothing to use. */
export const maskedApiKey = (prefix: string) => `llk_${prefix}_…`;

function base64url(bytes: Uint8Array): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let out = "";
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += chars[(n >> 18) & 63]! + chars[(n >> 12) & 63]! + chars[(n >> 6) & 63]! + chars[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += chars[(n >> 18) & 63]! + chars[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += chars[(n >> 18) & 63]! + chars[(n >> 12) & 63]! + chars[(n >> 6) & 63]!;
  }
  return out;
}
