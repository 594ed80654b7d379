// First, before any schema is built: zod probes for eval when an object schema is constructed
// (not only when it parses), so its jitless setting must come before the contract's modules
// (client/strict-csp.ts; the strict CSP reports the probe otherwise).
import "../../client/strict-csp";
import { z } from "zod";
import { MemberSummary } from "../../contract/loyalty";
import { MemberCard } from "../../contract/members";
import { LOCALES } from "../../domain/locale/locale";

/**
 * What the Mini App's first route loads on demand (state/contract.ts): the API client, the
 * endpoint tables it calls and the schemas of what it caches, with zod (28 KB gzip) and the
 * contract. Lazy pages import these modules directly.
 */
export { api, signInWithZalo, withSession } from "./api";
export { authEndpoints } from "../../contract/endpoints/auth";
export { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
export { memberEndpoints } from "../../contract/endpoints/members";
export { MeResponse } from "../../contract/auth";

/** The cached card (state/card.ts): the card and this phone's clock correction. */
export const CachedCard = z.object({ card: MemberCard, clockOffsetMs: z.number() });

/** The cached summary (state/summary.ts) and the language it is in. */
export const CachedSummary = z.object({ summary: MemberSummary, locale: z.enum(LOCALES) });
