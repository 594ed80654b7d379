import { MESSAGE_STATUSES, TRIGGER_NAMES } from "../../domain/messaging/messages";
import { SAMPLE_FIELD_VALUES } from "../../domain/messaging/test-samples";
import type { MemberField, ZnsParamType, ZnsTag, ZnsTemplateKind } from "../../domain/messaging/zns-template";
import type { MessageKey, Params } from "../i18n";

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type TriggerName = (typeof TRIGGER_NAMES)[number];
export type Translate = (key: MessageKey, params?: Params) => string;

export const STATUS_KEYS: Record<MessageStatus, MessageKey> = {
  queued: "msg.status.queued",
  sending: "msg.status.sending",
  in_doubt: "msg.status.in_doubt",
  sent: "msg.status.sent",
  delivered: "msg.status.delivered",
  failed: "msg.status.failed",
  cancelled: "msg.status.cancelled",
};

export const isStatus = (value: unknown): value is MessageStatus =>
  typeof value === "string" && (MESSAGE_STATUSES as readonly string[]).includes(value);

export const TAG_KEYS: Record<ZnsTag, MessageKey> = {
  transaction: "msg.tag.transaction",
  customer_care: "msg.tag.customer_care",
  promotion: "msg.tag.promotion",
};

export const TRIGGER_KEYS: Record<TriggerName, MessageKey> = {
  welcome: "msg.trigger.welcome",
  points_updated: "msg.trigger.points_updated",
  voucher_issued: "msg.trigger.voucher_issued",
  survey_rating: "msg.trigger.survey_rating",
  survey_link: "msg.trigger.survey_link",
};

export const KIND_KEYS: Record<ZnsTemplateKind, MessageKey> = {
  custom: "msg.kind.custom",
  rating: "msg.kind.rating",
};

export const isTrigger = (value: unknown): value is TriggerName =>
  typeof value === "string" && (TRIGGER_NAMES as readonly string[]).includes(value);

export const FIELD_KEYS: Record<MemberField, MessageKey> = {
  name: "msg.field.name",
  member_no: "msg.field.member_no",
  tier: "msg.field.tier",
  points_balance: "msg.field.points_balance",
  expiring_points: "msg.field.expiring_points",
  expiring_date: "msg.field.expiring_date",
  birthday: "msg.field.birthday",
  favourite_category: "msg.field.favourite_category",
  preferred_store: "msg.field.preferred_store",
  last_visit: "msg.field.last_visit",
  voucher_code: "msg.field.voucher_code",
  reward_name: "msg.field.reward_name",
  points_earned: "msg.field.points_earned",
  deep_link: "msg.field.deep_link",
  transaction_code: "msg.field.transaction_code",
  survey_link: "msg.field.survey_link",
};

export const PARAM_TYPE_KEYS: Record<ZnsParamType, MessageKey> = {
  customer_name: "msg.type.customer_name",
  phone: "msg.type.phone",
  address: "msg.type.address",
  code: "msg.type.code",
  label: "msg.type.label",
  status: "msg.type.status",
  contact: "msg.type.contact",
  title: "msg.type.title",
  product: "msg.type.product",
  number: "msg.type.number",
  time: "msg.type.time",
  otp: "msg.type.otp",
  url: "msg.type.url",
  currency: "msg.type.currency",
  transfer_note: "msg.type.transfer_note",
};

/** Sources the server writes today; campaigns ("campaign:<id>") will add more. */
export const KNOWN_SOURCES = [
  "trigger:welcome",
  "trigger:points_updated",
  "trigger:voucher_issued",
  "trigger:survey_rating",
  "trigger:survey_link",
  "test",
] as const;

/** "trigger:welcome" → "Tự động · Chào mừng thành viên mới"; an unknown source is shown as stored. */
export function sourceLabel(source: string, t: Translate): string {
  if (source === "test") return t("msg.source.test");
  const trigger = source.startsWith("trigger:") ? source.slice("trigger:".length) : null;
  if (trigger !== null && isTrigger(trigger)) return t("msg.source.trigger", { trigger: t(TRIGGER_KEYS[trigger]) });
  if (source.startsWith("campaign:")) return t("msg.source.campaign", { id: source.slice("campaign:".length) });
  return source;
}

/** What a parameter shows in the console's previews (the domain's samples: the member reads Vietnamese). */
export const EXAMPLE_VALUES = SAMPLE_FIELD_VALUES;
