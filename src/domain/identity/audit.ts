/**
 * What the audit log records (server/db/schema.ts audit_events): looks at data a role is trusted
 * not to look at casually, one row per look. voucher_code_revealed: a manager showed a live
 * voucher code in the console (decision 0012). ledger_exported: a console user downloaded the
 * brand's ledger as CSV, members' names included (decision 0021). checkin_config_changed,
 * referral_config_changed: a manager changed what the brand pays for check-ins or referrals
 * (the detail holds the values before and after; decision 0032). survey_settings_changed: a
 * manager changed a brand-wide survey setting (the throttle across surveys), with the old and
 * new value: a change of how often members are asked is the brand's to trace back.
 * game_campaign_changed: a manager created, edited (a new version), published, paused or resumed
 * a lucky-wheel campaign (detail: change, version, status; decision 0031). game_settings_changed:
 * a manager changed the brand's game settings (the point value in VND the wheel's cost is shown
 * in; detail: setting, from, to). oa_connected: an admin connected (or reconnected) the Zalo OA
 * through OAuth; the brand now sends with the tokens that admin granted.
 * campaign_changed: a ZNS campaign was created, edited, submitted, approved, rejected (with the
 * note), paused, resumed or cancelled (detail: change, version, status, note; decision 0034).
 * store_changed: an admin created or edited a store (detail: change, and each changed field's new
 * value). staff_invited: an admin invited a cashier (detail: invite id, stores). staff_joined: a
 * Zalo user accepted an invite and became staff (the actor is the cashier; detail: invite id).
 * staff_changed: an admin suspended, reinstated or moved a cashier (detail: change, from, to).
 * zalo_site_verification_changed: an admin saved or removed Zalo's domain verification code
 * (detail: from, to); while set, this server answers Zalo's verification for the domain.
 * trigger_changed: an always-on trigger was switched on or off or reconfigured (detail: kind,
 * version, enabled, and what changed; decision 0039).
 * programme_changed: a manager or admin saved the programme settings (earn rate, tiers, expiry,
 * profile bonus, promotions) as a new version (detail: version, changed parts; decision 0041).
 * console_zalo_linked: a console user linked their Zalo account for Zalo login, or unlinked it
 * (detail: change). console_signed_in: a console user signed in with Zalo (detail: method).
 * console_invite_cancelled: an admin cancelled a pending console invitation (detail: role, name).
 * (decision 0040, addendum).
 * api_key_created, api_key_revoked: an admin made or revoked a store's POS API key (detail: key
 * prefix, store). webhook_endpoint_changed: an admin added or removed a webhook endpoint, or sent
 * a delivery again (detail: change, url; decision 0043).
 * campaign_settings_changed: a manager changed the approval threshold (detail: setting, from, to).
 * data_exported: a console user downloaded an export other than the ledger (detail: export —
 * members, survey_answers, campaign_results, game_draws —, rows, format, locale, filters;
 * decision 0047).
 */
export const AUDIT_ACTIONS = [
  "voucher_code_revealed",
  "ledger_exported",
  "checkin_config_changed",
  "referral_config_changed",
  "survey_settings_changed",
  "game_campaign_changed",
  "game_settings_changed",
  "oa_connected",
  "campaign_changed",
  "store_changed",
  "staff_invited",
  "staff_joined",
  "staff_changed",
  "zalo_site_verification_changed",
  "trigger_changed",
  "programme_changed",
  "console_zalo_linked",
  "console_signed_in",
  "console_invite_cancelled",
  "api_key_created",
  "api_key_revoked",
  "webhook_endpoint_changed",
  "members_imported",
  "campaign_settings_changed",
  "data_exported",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
