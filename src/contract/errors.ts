import { z } from "zod";
import { Problem } from "./problems";

/**
 * Every expected failure of the API, with the HTTP status it always travels with.
 * Codes are stable: clients (Mini App, console, a brand's POS) switch on them.
 */
export const ERRORS = {
  invalid_request: 400,
  malformed_json: 400,
  qr_malformed: 400,
  unauthenticated: 401,
  /** A POS API key that is not one of ours (unknown prefix, wrong secret, malformed): docs/integration.md. */
  key_invalid: 401,
  /** A POS API key an admin revoked. */
  key_revoked: 401,
  token_expired: 401,
  refresh_invalid: 401,
  zalo_token_invalid: 401,
  login_link_invalid: 401,
  /** Console invitations and the first-run setup link: unknown, used, or expired (docs/decisions/0040). */
  invite_invalid: 401,
  /** A console request the refresh cookie authenticates came without the console's header, or from another site. */
  csrf_refused: 403,
  forbidden: 403,
  dev_identity_disabled: 403,
  not_a_member: 403,
  wrong_brand: 403,
  store_not_allowed: 403,
  /** An admin suspended this cashier: no counter action until reinstated. */
  staff_suspended: 403,
  self_credit: 403,
  tier_not_eligible: 403,
  /** Lucky wheel (issue 14): the member does not pass a gate (params.gate: membership, min_tier, min_purchases, consent, stores). */
  game_not_eligible: 403,
  not_found: 404,
  reward_not_found: 404,
  voucher_not_found: 404,
  entry_not_found: 404,
  member_not_found: 404,
  question_not_found: 404,
  template_not_found: 404,
  /** Surveys (issue 13): unknown, or another brand's. */
  survey_not_found: 404,
  survey_answer_not_found: 404,
  /** Feedback cases (issue 13, close the loop): unknown, or another brand's. */
  case_not_found: 404,
  /** Segments (issue 15): unknown, or another brand's (or a version it never had). */
  segment_not_found: 404,
  /** Lucky wheel: unknown, another brand's, or a draft the member cannot see. */
  game_not_found: 404,
  /** Campaigns (issue 15): unknown, or another brand's. */
  campaign_not_found: 404,
  /** A campaign click link (/c/<code>) that is not one we made: a typo, cut short, or tampered with. */
  click_link_unknown: 404,
  /** Stores and staff (issue 16): unknown, or another brand's. */
  store_not_found: 404,
  staff_not_found: 404,
  /** An invite link whose token matches no invite (or one an admin revoked). */
  staff_invite_not_found: 404,
  method_not_allowed: 405,
  terms_outdated: 409,
  qr_already_used: 409,
  idempotency_conflict: 409,
  receipt_already_used: 409,
  /** POS: this receipt already earned for another member or amount (params: at, points, amountVnd). */
  receipt_conflict: 409,
  /** POS refund: the receipt never earned at this store. */
  receipt_not_found: 404,
  /** POS refund: more than what is left of the bill (params.remainingVnd). */
  refund_exceeds_bill: 422,
  /** POS refund: this refund id was used for another receipt or amount. */
  refund_conflict: 409,
  /** Webhook endpoints: not a URL we can send to (params.reason: webhook_url_invalid, webhook_url_not_https). */
  webhook_url_invalid: 422,
  webhook_not_found: 404,
  api_key_not_found: 404,
  /** Member import (issue 17): no such import job of this brand. */
  import_not_found: 404,
  /** The same import id is still running (a second upload of it waits for the first). */
  import_running: 409,
  /** The file is larger than IMPORT_MAX_BYTES (20 MB). */
  import_file_too_large: 413,
  /** Not a .csv or .xlsx file (by its name), or an .xlsx that is not one. */
  import_file_type: 415,
  /** The file cannot be imported at all (issues: import_file_empty, import_column_missing, csv_unterminated_quote, …). */
  import_file_invalid: 422,
  insufficient_points: 409,
  out_of_stock: 409,
  reward_unavailable: 409,
  voucher_used: 409,
  voucher_void: 409,
  voucher_cancelled: 409,
  already_reversed: 409,
  not_reversible: 409,
  form_version_conflict: 409,
  consent_wording_outdated: 409,
  consent_required: 409,
  consent_not_granted: 409,
  template_conflict: 409,
  oa_connect_unavailable: 409,
  /** Console Zalo login: this server has no Zalo app configured (dev identity mode); the one-time link remains. */
  zalo_login_unavailable: 409,
  /** The template sync needs the OA's tokens: connect (or reconnect) the OA first. */
  oa_not_connected: 409,
  /** Zalo did not answer (network, timeout, an unreadable answer): nothing changed; try again. */
  zalo_unreachable: 424,
  /** Zalo refused the call (params.zaloError): the token or the app's permissions. */
  zalo_refused: 424,
  /** First run: no brand exists yet; the server printed a setup link at start-up. */
  brand_not_set_up: 409,
  /** The setup page was used after the brand exists. */
  brand_already_set_up: 409,
  /** The brand's slug is the server's BRAND_SLUG; another one would not be served. */
  brand_slug_fixed: 409,
  /** The change would leave the brand without an active admin. */
  last_admin: 409,
  /** A draft, archived, or outside its active window. */
  survey_inactive: 409,
  survey_archived: 409,
  /** The fatigue policy: the member answered this survey recently (params.until). */
  survey_throttled: 409,
  /** The answer is final: the change window (10 minutes from the first answer) has passed. */
  survey_change_closed: 409,
  survey_follow_up_closed: 409,
  survey_version_conflict: 409,
  /** Only reopening is done to a closed case. */
  case_closed: 409,
  case_not_closed: 409,
  /** The brand has no active customer-care ZNS template (not tied to an automatic message) to send. */
  case_no_care_template: 409,
  /** The member has not consented to customer-care messages (or withdrew). */
  case_care_not_allowed: 409,
  /** A case gets one apology voucher. */
  case_voucher_already_granted: 409,
  /** Saved since basedOnVersion: reload and apply the edit again. */
  segment_version_conflict: 409,
  segment_archived: 409,
  /** Campaigns: another change came in between (params.version: the campaign's version now). */
  campaign_version_conflict: 409,
  /** The action does not apply in the campaign's state (params.status), or only a draft can be edited. */
  campaign_status_conflict: 409,
  /** Triggers: another save came in between (params.version: the trigger's version now). */
  trigger_version_conflict: 409,
  /** Lucky wheel (issue 14; decision 0031). Draft, paused or ended by a manager. */
  game_not_running: 409,
  /** Before its start or after its end (params.when: not_started, over). */
  game_out_of_window: 409,
  /** Nothing can be won any more, said before a play is spent (params.scope: day, campaign; params.reason). */
  game_budget_spent: 409,
  /** The member reached the campaign's wins per member. */
  game_win_limit_reached: 409,
  /** No free play left today and no extra play: earn one by an action, or buy one with points when allowed. */
  game_no_plays_left: 409,
  /** The member reached the campaign's spins per day (they may hold plays for tomorrow). */
  game_daily_play_limit: 409,
  /** This campaign does not sell plays for points. */
  game_play_not_for_sale: 409,
  /** Another save of the campaign came in between (console). */
  game_version_conflict: 409,
  /** Programme settings (issue 16): another save since basedOnVersion (params.current). */
  programme_version_conflict: 409,
  /**
   * Programme settings: a tier removed that rewards are still limited to (decision 0049); one
   * issue per reward (tier_has_rewards, params: reward, rewardId, tiers), params.count.
   */
  programme_tier_in_use: 409,
  /** Console: publish a draft, pause a running campaign, resume a paused one (params.status: the campaign's status now). */
  game_status_conflict: 409,
  /** Daily check-in (issue 14): the member already checked in this Vietnam day (params.date). */
  checkin_already_today: 409,
  /** The brand does not run check-ins now. */
  checkin_disabled: 409,
  /** The brand does not run referrals now. */
  referral_disabled: 409,
  /** Self-referral: the same user, Zalo account or phone number as the referrer. */
  referral_self: 409,
  /** The friend was already a member before the invite. */
  referral_already_member: 409,
  /** This user already accepted another member's invite (the first invite stands). */
  referral_already_invited: 409,
  /** The invite was accepted already (single use). */
  staff_invite_used: 409,
  /** A console user (marketer, manager, admin) cannot become a cashier through an invite. */
  staff_invite_role_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** An upload whose first bytes say JPEG, PNG or WebP but that cannot be decoded (damaged, or too many pixels). */
  image_unreadable: 422,
  phone_token_invalid: 422,
  phone_invalid: 422,
  qr_invalid: 422,
  qr_expired: 422,
  qr_not_yet_valid: 422,
  scan_token_invalid: 422,
  bill_invalid: 422,
  bill_too_small: 422,
  bill_too_large: 422,
  voucher_expired: 422,
  answer_invalid: 422,
  form_version_unknown: 422,
  form_invalid: 422,
  template_invalid: 422,
  /** An export matched more rows than it may carry (params.max): narrow the filters. */
  export_too_large: 422,
  /** A console test send's samples: one names no parameter of the template or is not valid for its ZNS type (issues per parameter). */
  test_samples_invalid: 422,
  /** Not an integer on the survey's scale (params.min, params.max). */
  survey_score_invalid: 422,
  /** A follow-up reason that is not one of the answer's band (issues per reason), or too many. */
  survey_reason_unknown: 422,
  survey_comment_too_long: 422,
  /** A survey definition a manager wants to save has problems (issues). */
  survey_invalid: 422,
  /** A wheel campaign a manager wants to save has problems (issues, domain/game/wheel WHEEL_PROBLEM_CODES). */
  game_invalid: 422,
  /** The brand's game settings outside what may be saved (issues: point_value_range with params.min, params.max). */
  game_settings_invalid: 422,
  /** The brand's campaign settings outside what may be saved (issues: approval_threshold_range with params.min, params.max). */
  campaign_settings_invalid: 422,
  /** Programme settings out of their limits (validateProgramme's codes at the field, params with the limit). */
  programme_invalid: 422,
  /** A store that may not be saved (issues: domain/stores StoreProblemCode per field). */
  store_invalid: 422,
  /** Stores unknown, inactive or another brand's, or none (issues: staff_stores_required, store_unknown). */
  staff_invalid: 422,
  /** The invite's time is up (params.expiresAt): ask for a new one. */
  staff_invite_expired: 422,
  /** A survey setting outside what may be saved (issues: throttle_range with params.min, params.max). */
  survey_settings_invalid: 422,
  /**
   * A survey link's token that could not be used (forged, or for another survey or member) or
   * that has expired. Sent as a notice beside an answer (the member still answers as
   * themselves), and as an error only where the token is all there is.
   */
  survey_token_invalid: 422,
  survey_token_expired: 422,
  /** The care template needs values this member has none for (issues per parameter). */
  case_care_template_unfit: 422,
  /** A segment rule with problems (issues, one per condition: domain/segments/rule.ts codes). */
  segment_invalid: 422,
  /** A campaign draft with problems (issues: contract/campaigns.ts CAMPAIGN_PROBLEM_CODES and the template value codes). */
  campaign_invalid: 422,
  /** Rejecting a campaign needs a note for the marketer. */
  campaign_note_required: 422,
  /** A trigger's configuration with problems (issues: contract/triggers.ts TRIGGER_PROBLEM_CODES and the template value codes). */
  trigger_invalid: 422,
  /** A referral code we did not sign for this brand (typo, truncated link, forged), or of a member who left. */
  referral_code_invalid: 422,
  /** A check-in configuration a manager wants to save has problems (issues per day). */
  checkin_config_invalid: 422,
  /** A referral configuration a manager wants to save has problems (issues per field). */
  referral_config_invalid: 422,
  rate_limited: 429,
  daily_limit_reached: 429,
  webhook_signature_invalid: 401,
  /** A real Zalo app is configured without ZALO_OA_SECRET: no event can be verified, every one is refused. */
  webhook_not_configured: 401,
  internal: 500,
  zalo_unavailable: 502,
  /** Readiness (GET /health/ready): this process should not get traffic now; the issues name the failing checks. */
  not_ready: 503,
} as const;

export type ErrorCode = keyof typeof ERRORS;
export const errorCodes = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      /**
       * Field-level problems (invalid_request, form_invalid, template_invalid…): a code, the
       * field's path and the values the sentence needs, never the raw input.
       */
      issues: z.array(Problem).optional(),
      /**
       * The values a refusal's sentence needs, for the client to say it in its own language
       * (receipt_already_used: when, by whom, how many points).
       */
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;
