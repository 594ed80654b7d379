import { isInsideZalo } from "./environment";
import { platformStorage, type KeyValueStorage } from "./storage";
import { loadZaloSdk } from "./zalo-sdk";

const DEV_ID_KEY = "ll.devUserId";
/** Mirrors the server's dev token grammar (src/server/zalo/identity.ts): dev:<id>[|<name>]. */
const DEV_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** Friendly demo names so screenshots and tests look like real shoppers, not "User Name". */
const DEMO_NAMES = ["Nguyễn Minh Anh", "Trần Thu Hà", "Lê Quốc Bảo", "Phạm Ngọc Lan", "Võ Thành Đạt", "Đặng Mai Chi"];

export class ZaloUnavailableError extends Error {
  constructor(override readonly cause?: unknown) {
    super("Zalo did not give an access token");
    this.name = "ZaloUnavailableError";
  }
}

/**
 * The Zalo user access token to send to POST /auth/zalo and POST /members/me/phone.
 *
 * Inside Zalo this is the real token (granted without a prompt since SDK 2.35). Outside Zalo
 * zmp-sdk resolves "" on localhost and rejects with -2000 elsewhere (docs/zalo.md#sdk-outside-zalo),
 * so we make a dev token `dev:<id>|<name>` instead. The server only accepts those in dev
 * identity mode (no app secret configured), so this fallback grants nothing in production.
 * The id is random once and then kept in storage, so the same browser stays the same shopper.
 */
export async function getZaloAccessToken(storage: KeyValueStorage = platformStorage): Promise<string> {
  let token = "";
  try {
    // The SDK is loaded here, not at start-up (platform/zalo-sdk.ts): only a sign-in needs it.
    token = await (await loadZaloSdk()).getAccessToken();
  } catch (err) {
    if (isInsideZalo()) throw new ZaloUnavailableError(err);
  }
  if (token) return token;
  if (isInsideZalo()) throw new ZaloUnavailableError();
  return devAccessToken(storage);
}

export function devAccessToken(storage: KeyValueStorage = platformStorage): string {
  const id = devUserId(storage);
  return `dev:${id}|${demoName(id)}`;
}

function devUserId(storage: KeyValueStorage): string {
  const stored = storage.getItem(DEV_ID_KEY);
  if (stored && DEV_ID_RE.test(stored)) return stored;
  const id = `web-${randomHex(12)}`;
  storage.setItem(DEV_ID_KEY, id);
  return id;
}

function demoName(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return DEMO_NAMES[hash % DEMO_NAMES.length]!;
}

function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, "0")).join("");
}
