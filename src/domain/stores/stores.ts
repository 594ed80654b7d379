/**
 * A store as the brand describes it (issue 16): opening hours per weekday, a map link, a phone,
 * and whether it is open now. Pure: the caller passes the time and the brand's UTC offset.
 */
import { problem, type Problem } from "../problems";

/** Monday first, as Vietnamese calendars and shop doors list them. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One day's hours, "HH:MM" in the brand's time zone; close after open ("24:00" allowed: until midnight). */
export type DayHours = { open: string; close: string };
/** null for a day: closed all day. */
export type OpeningHours = Record<Weekday, DayHours | null>;

export const STORE_LIMITS = { name: 80, address: 200, phone: 20, mapUrl: 500 } as const;

export type StoreInput = {
  name: string;
  address: string | null;
  phone: string | null;
  mapUrl: string | null;
  openingHours: OpeningHours | null;
  active: boolean;
};

export type StoreProblemCode =
  | "store_name_required"
  | "store_text_too_long"
  | "store_phone_invalid"
  | "store_map_url_invalid"
  | "store_hours_time_invalid"
  | "store_hours_order";

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes after midnight of "HH:MM", or null when it is not a time of day. */
export function minutesOf(time: string): number | null {
  if (!TIME.test(time)) return null;
  const [h, m] = time.split(":").map(Number);
  return h! * 60 + m!;
}

/** A Vietnamese phone as a shopper dials it: 0xxxxxxxxx (10 digits; landlines 11), +84/84 prefixes, or a 1800/1900 line. */
export function isStorePhone(phone: string): boolean {
  const digits = phone.replace(/[\s.-]/g, "");
  return /^(\+?84|0)\d{9,10}$/.test(digits) || /^(1800|1900)\d{4,6}$/.test(digits);
}

/** Only https links open from Zalo's webview; anything else (javascript:, http:) is refused. */
export function isMapUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && parsed.hostname.includes(".") && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

export function openingHoursProblems(hours: OpeningHours | null): Problem<StoreProblemCode>[] {
  if (!hours) return [];
  const out: Problem<StoreProblemCode>[] = [];
  for (const day of WEEKDAYS) {
    const h = hours[day];
    if (!h) continue;
    const open = minutesOf(h.open);
    const close = minutesOf(h.close);
    if (open === null || open === 24 * 60) out.push(problem("store_hours_time_invalid", `openingHours.${day}.open`));
    if (close === null) out.push(problem("store_hours_time_invalid", `openingHours.${day}.close`));
    if (open !== null && close !== null && open < 24 * 60 && close <= open) {
      out.push(problem("store_hours_order", `openingHours.${day}.close`, { open: h.open }));
    }
  }
  return out;
}

export function storeProblems(input: StoreInput): Problem<StoreProblemCode>[] {
  const out: Problem<StoreProblemCode>[] = [];
  const L = STORE_LIMITS;
  if (!input.name.trim()) out.push(problem("store_name_required", "name"));
  if (input.name.length > L.name) out.push(problem("store_text_too_long", "name", { max: L.name }));
  if (input.address !== null && input.address.length > L.address) out.push(problem("store_text_too_long", "address", { max: L.address }));
  if (input.phone !== null && (input.phone.length > L.phone || !isStorePhone(input.phone)))
    out.push(problem("store_phone_invalid", "phone"));
  if (input.mapUrl !== null && (input.mapUrl.length > L.mapUrl || !isMapUrl(input.mapUrl))) {
    out.push(problem("store_map_url_invalid", "mapUrl"));
  }
  out.push(...openingHoursProblems(input.openingHours));
  return out;
}

/** What a shopper reads: open now (until when), or closed (and when it opens next). */
export type OpenState =
  | { state: "unknown" }
  | { state: "open"; closesAt: string }
  | { state: "closed"; opensAt: { day: Weekday; time: string; today: boolean; tomorrow: boolean } | null };

const DAY_MS = 86_400_000;

/** The brand's weekday and minutes after midnight at `nowMs`. */
export function localWeekdayAndMinute(nowMs: number, utcOffsetMs: number): { day: Weekday; minute: number } {
  const local = nowMs + utcOffsetMs;
  const days = Math.floor(local / DAY_MS);
  // 1970-01-01 was a Thursday (index 3 with Monday first).
  const index = (((days + 3) % 7) + 7) % 7;
  return { day: WEEKDAYS[index]!, minute: Math.floor((local - days * DAY_MS) / 60_000) };
}

export function openStateAt(hours: OpeningHours | null, nowMs: number, utcOffsetMs: number): OpenState {
  if (!hours) return { state: "unknown" };
  const { day, minute } = localWeekdayAndMinute(nowMs, utcOffsetMs);
  const today = hours[day];
  if (today) {
    const open = minutesOf(today.open)!;
    const close = minutesOf(today.close)!;
    if (minute >= open && minute < close) return { state: "open", closesAt: today.close };
    if (minute < open) return { state: "closed", opensAt: { day, time: today.open, today: true, tomorrow: false } };
  }
  const start = WEEKDAYS.indexOf(day);
  for (let ahead = 1; ahead <= 7; ahead++) {
    const next = WEEKDAYS[(start + ahead) % 7]!;
    const h = hours[next];
    if (h) return { state: "closed", opensAt: { day: next, time: h.open, today: false, tomorrow: ahead === 1 } };
  }
  return { state: "closed", opensAt: null };
}
