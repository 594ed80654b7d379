-- Member search without diacritics (docs/decisions/0010-member-search-folding.md): a name folded
-- by the database itself, so PGlite and PostgreSQL fold alike and no extension is needed.
-- Decomposed (NFD), combining marks and invisible format characters dropped, đ/Đ → d, lower
-- case, runs of white space (also no-break and other Unicode spaces) → one space. Immutable,
-- so it can compute stored columns: the ADD COLUMNs below compute them for every existing user
-- (the backfill), and the database keeps them as names change.
CREATE FUNCTION ll_fold(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT btrim(regexp_replace(lower(translate(regexp_replace(normalize(input, NFD), '[\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]', '', 'g'), 'đĐ', 'dD')), '[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+', ' ', 'g'))
$$;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "search_name" text GENERATED ALWAYS AS (ll_fold(display_name)) STORED;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "search_words" text[] GENERATED ALWAYS AS (string_to_array(ll_fold(display_name), ' ')) STORED;--> statement-breakpoint
CREATE INDEX "users_search_words_idx" ON "users" USING gin ("search_words");--> statement-breakpoint
CREATE INDEX "users_brand_phone_idx" ON "users" USING btree ("brand_id","phone");