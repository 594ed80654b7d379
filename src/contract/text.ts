import { z } from "zod";
import { cleanName, isStorableText, TEXT_CHARACTERS_PROBLEM } from "../domain/text/text";

/**
 * Every string the API accepts — body fields, query and path parameters — is built here, so
 * text hygiene (src/domain/text/text.ts) lives in one place: the same check runs in the
 * Mini App's and the console's forms and on the server, before any handler or database sees
 * the value. Chain limits as usual (`text().min(1).max(40)`, `.regex(…)`): the check travels
 * with the schema.
 */

/** NUL or an unpaired surrogate → invalid_request with the issue code `text_characters`. */
const STORABLE = z.refine<string>(isStorableText, { params: { code: TEXT_CHARACTERS_PROBLEM } });
/** Names lose bidi controls, zero-width and control characters, and extra spaces, before limits are checked. */
const CLEAN_NAME = z.overwrite<string>(cleanName);

/** A string that can be stored: no NUL, no lone surrogate. */
export const text = () => z.string().check(STORABLE);

/** An http(s) URL that can be stored (a URL parser accepts a NUL or a lone surrogate in a path). */
export const webUrl = () => z.url({ protocol: /^https?$/ }).check(STORABLE);

/**
 * A name people read next to other text (a reward's, a template's, a store's): storable, then
 * cleaned; length limits chained after it apply to the cleaned name.
 */
export const nameText = () => z.string().check(STORABLE, CLEAN_NAME);
