/**
 * The brand's link with Zalo as the console's "Kết nối Zalo" page judges it (issue 16;
 * docs/zalo-setup.md): is the webhook receiving events, is the domain verification set, and do
 * the templates registered here still match the OA's approved templates at Zalo. Pure: the
 * server passes in what it stored and what Zalo answered, and the time.
 */
import { ZNS_PARAM_TYPES, type ZnsParamType } from "./zns-template";

/**
 * The code Zalo's developer console gives for domain verification: the file it asks for is
 * `/zalo_verifier<code>.html`, the meta tag `zalo-platform-site-verification` with that code
 * (../shared/docs/zalo-platform.md §4.5). Letters, digits, `_` and `-` only, so the file name and
 * the HTML we serve cannot carry anything else.
 */
export const SITE_VERIFICATION_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** The path Zalo fetches to verify our domain, for a code. */
export const siteVerificationPath = (code: string) => `/zalo_verifier${code}.html`;

/**
 * The page served at siteVerificationPath: the meta tag both verification methods look for.
 * The code matches SITE_VERIFICATION_PATTERN, so it needs no escaping.
 */
export const siteVerificationHtml = (code: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="zalo-platform-site-verification" content="${code}"></head><body>${code}</body></html>\n`;

/**
 * How long without any event from Zalo before the page warns. The no-duplicate guarantee of the
 * queue rests on delivery events (docs/messaging.md): a day with messages sent and no event
 * means the webhook is not registered, not verified, or refusing Zalo's signature.
 */
export const WEBHOOK_SILENCE_MS = 24 * 3600_000;

/** ok: an event within WEBHOOK_SILENCE_MS; never: none ever; silent: the last is older; not_needed: no OA connected. */
export const WEBHOOK_HEALTH = ["ok", "never", "silent", "not_needed"] as const;
export type WebhookHealth = (typeof WEBHOOK_HEALTH)[number];

export function webhookHealth(connected: boolean, lastEventAt: number | null, now: number): WebhookHealth {
  if (!connected) return "not_needed";
  if (lastEventAt === null) return "never";
  return now - lastEventAt <= WEBHOOK_SILENCE_MS ? "ok" : "silent";
}

/**
 * One step of "check connection", in the order they run; each later one needs the earlier.
 * - token: tokens stored and not refused for good;
 * - oa: Zalo answers the OA's profile with this token, and it is the configured OA;
 * - zns: Zalo answers the ZNS quota with this token (the app has the ZNS permission);
 * - webhook: an event arrived within WEBHOOK_SILENCE_MS (no call: what we received).
 */
export const CONNECTION_CHECKS = ["token", "oa", "zns", "webhook"] as const;
export type ConnectionCheck = (typeof CONNECTION_CHECKS)[number];

/**
 * What a check found, a code the console says in words. ok; not_connected / disconnected: no
 * usable tokens; token_refused: Zalo refused the access token; no_permission: Zalo answered with
 * another refusal (the app lacks the permission, the OA's tier lacks the feature); unreachable:
 * network, timeout or an answer we cannot read; oa_mismatch: the token belongs to another OA
 * than ZALO_OA_ID; webhook_never / webhook_silent: see webhookHealth; skipped: an earlier step failed.
 */
export const CHECK_RESULTS = [
  "ok",
  "not_connected",
  "disconnected",
  "token_refused",
  "no_permission",
  "unreachable",
  "oa_mismatch",
  "webhook_never",
  "webhook_silent",
  "skipped",
] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/**
 * Zalo's refusals that mean the access token itself is bad: -124 (ZNS, invalid token), -216
 * (OA OpenAPI, invalid or expired), -201/-14014 as seen in third-party copies of the Graph docs
 * (../shared/docs/zalo-platform.md §4.2, §4.6). Any other refusal is reported as no_permission.
 */
const TOKEN_ERRORS = new Set([-124, -216, -201, -14014]);

/** A refused or failed call to Zalo, as a check result. */
export function callFailure(kind: "rejected" | "unavailable", zaloError: number | undefined): CheckResult {
  if (kind === "unavailable") return "unreachable";
  return zaloError !== undefined && TOKEN_ERRORS.has(zaloError) ? "token_refused" : "no_permission";
}

// ── Template sync ────────────────────────────────────────────────────────────────────────────

/** An approved template as Zalo describes it (template/info). */
export type ZaloTemplate = {
  templateId: string;
  name: string;
  status: string;
  quality: string | null;
  params: { name: string; maxLength: number | null; required: boolean }[];
};

/** A template of our registry, as far as the comparison needs it. */
export type RegisteredTemplate = { id: string; name: string; znsTemplateId: string; params: { name: string; type: ZnsParamType }[] };

/**
 * What differs between our registration and Zalo's template:
 * - param_missing: Zalo's template has a parameter we do not send (Zalo refuses the message);
 * - param_unknown: we send a parameter Zalo's template does not have;
 * - param_length: our type's limit differs from Zalo's (a value we accept may be refused);
 * - not_enabled: Zalo does not list the template as enabled (disabled, rejected, deleted);
 * - quality_low: Zalo rates its quality LOW (it may be disabled soon).
 */
export const TEMPLATE_DIFFERENCES = ["param_missing", "param_unknown", "param_length", "not_enabled", "quality_low"] as const;
export type TemplateDifference = { code: (typeof TEMPLATE_DIFFERENCES)[number]; param?: string; ours?: number; zalo?: number };

export type TemplateSyncItem =
  | { state: "matches"; template: ZaloTemplate; registeredId: string; registeredName: string }
  | { state: "differs"; template: ZaloTemplate; registeredId: string; registeredName: string; differences: TemplateDifference[] }
  | { state: "new"; template: ZaloTemplate; suggested: { name: string; type: ZnsParamType }[] }
  | { state: "missing_at_zalo"; registeredId: string; registeredName: string; znsTemplateId: string };

const ENABLED = "ENABLE";

/**
 * A ZNS parameter type whose limit is Zalo's maxLength, for a template not registered yet: the
 * registry's types are ZNS's own parameter types (zns-template.ts), Zalo's answer only gives a
 * length. A name that says what it is wins (phone, otp…); otherwise the first type of that length
 * in ZNS's table, else `label` — the operator reviews the suggestion before saving.
 */
export function suggestParamType(name: string, maxLength: number | null): ZnsParamType {
  const byName: [RegExp, ZnsParamType][] = [
    [/phone|sdt|so_dien_thoai/i, "phone"],
    [/otp/i, "otp"],
    [/url|link/i, "url"],
    [/name|ten/i, "customer_name"],
    [/date|time|ngay|gio/i, "time"],
    [/amount|price|total|tien/i, "currency"],
    [/code|ma/i, "code"],
  ];
  for (const [pattern, type] of byName) if (pattern.test(name) && (maxLength === null || ZNS_PARAM_TYPES[type] === maxLength)) return type;
  const sameLength = (Object.keys(ZNS_PARAM_TYPES) as ZnsParamType[]).find((t) => ZNS_PARAM_TYPES[t] === maxLength);
  return sameLength ?? "label";
}

/** Each Zalo template against our registry (by ZNS template id), then what we registered that Zalo no longer lists. */
export function compareTemplates(zalo: readonly ZaloTemplate[], ours: readonly RegisteredTemplate[]): TemplateSyncItem[] {
  const byZnsId = new Map(ours.map((t) => [t.znsTemplateId, t]));
  const items: TemplateSyncItem[] = zalo.map((template) => {
    const mine = byZnsId.get(template.templateId);
    if (!mine) {
      return {
        state: "new",
        template,
        suggested: template.params.map((p) => ({ name: p.name, type: suggestParamType(p.name, p.maxLength) })),
      };
    }
    const differences: TemplateDifference[] = [];
    if (template.status !== ENABLED) differences.push({ code: "not_enabled" });
    if (template.quality === "LOW") differences.push({ code: "quality_low" });
    const mineByName = new Map(mine.params.map((p) => [p.name, p]));
    for (const p of template.params) {
      const own = mineByName.get(p.name);
      if (!own) differences.push({ code: "param_missing", param: p.name });
      else if (p.maxLength !== null && ZNS_PARAM_TYPES[own.type] !== p.maxLength)
        differences.push({ code: "param_length", param: p.name, ours: ZNS_PARAM_TYPES[own.type], zalo: p.maxLength });
    }
    const theirs = new Set(template.params.map((p) => p.name));
    for (const p of mine.params) if (!theirs.has(p.name)) differences.push({ code: "param_unknown", param: p.name });
    const base = { template, registeredId: mine.id, registeredName: mine.name };
    return differences.length ? { state: "differs", ...base, differences } : { state: "matches", ...base };
  });
  const atZalo = new Set(zalo.map((t) => t.templateId));
  for (const t of ours)
    if (!atZalo.has(t.znsTemplateId))
      items.push({ state: "missing_at_zalo", registeredId: t.id, registeredName: t.name, znsTemplateId: t.znsTemplateId });
  return items;
}
