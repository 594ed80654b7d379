/** The life of a queued message: queued → sending → sent → delivered, or in_doubt, failed, cancelled. */
export const MESSAGE_STATUSES = ["queued", "sending", "in_doubt", "sent", "delivered", "failed", "cancelled"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * The automatic messages a template can serve; at most one template per trigger. The survey
 * ones are what a post-purchase survey sends when its channel is ZNS: `survey_rating` a service
 * rating template (the member taps 1–5 stars in the message), `survey_link` a customer-care
 * template with a button into the survey in the Mini App.
 */
export const TRIGGER_NAMES = ["welcome", "points_updated", "voucher_issued", "survey_rating", "survey_link"] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

/** Where a message goes: a ZNS message, or a Mini App notification. */
export const MESSAGE_CHANNELS = ["zns", "miniapp"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
