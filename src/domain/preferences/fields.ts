/**
 * Preference answers as named fields for segments and ZNS template parameters. The names are
 * a contract with later features and with marketers: docs/preference-fields.md lists them.
 */
import type { AnswerValue, OfferFrequency, Question } from "./form";

export type PreferenceFields = {
  birthday_day: number | null;
  birthday_month: number | null;
  favourite_categories: string[];
  preferred_store_id: string | null;
  offer_frequency: OfferFrequency | null;
  topics: string[];
  /** Brand-defined questions, as `pref_<question id>`: an option id, option ids, or text. */
  custom: Record<string, string | string[]>;
};

export function preferenceFields(answers: ReadonlyMap<string, AnswerValue>): PreferenceFields {
  const fields: PreferenceFields = {
    birthday_day: null,
    birthday_month: null,
    favourite_categories: [],
    preferred_store_id: null,
    offer_frequency: null,
    topics: [],
    custom: {},
  };
  for (const [id, value] of answers) {
    if (id === "birthday" && value.kind === "birthday") {
      fields.birthday_day = value.day;
      fields.birthday_month = value.month;
    } else if (id === "favourite_categories" && value.kind === "multi") fields.favourite_categories = value.optionIds;
    else if (id === "preferred_store" && value.kind === "store") fields.preferred_store_id = value.storeId;
    else if (id === "offer_frequency" && value.kind === "single") fields.offer_frequency = value.optionId as OfferFrequency;
    else if (id === "topics" && value.kind === "multi") fields.topics = value.optionIds;
    else if (value.kind === "single") fields.custom[`pref_${id}`] = value.optionId;
    else if (value.kind === "multi") fields.custom[`pref_${id}`] = value.optionIds;
    else if (value.kind === "text") fields.custom[`pref_${id}`] = value.text;
  }
  return fields;
}

/** A starting form for a brand that has not written its own: the standard questions only. */
export const DEFAULT_FORM_QUESTIONS: Question[] = [
  {
    id: "birthday",
    kind: "birthday",
    label: { vi: "Sinh nhật của bạn là ngày nào?", en: "When is your birthday?" },
    help: {
      vi: "Chỉ cần ngày và tháng — để chúng tôi gửi quà sinh nhật.",
      en: "Day and month are enough — so we can send a birthday treat.",
    },
  },
  {
    id: "favourite_categories",
    kind: "multi",
    label: { vi: "Bạn thích những loại sản phẩm nào?", en: "Which products do you like?" },
    options: [
      { id: "drinks", label: { vi: "Đồ uống", en: "Drinks" } },
      { id: "food", label: { vi: "Đồ ăn", en: "Food" } },
      { id: "merchandise", label: { vi: "Quà tặng & vật phẩm", en: "Gifts & merchandise" } },
    ],
  },
  { id: "preferred_store", kind: "store", label: { vi: "Bạn hay ghé cửa hàng nào nhất?", en: "Which store do you visit most?" } },
  {
    id: "offer_frequency",
    kind: "single",
    label: { vi: "Bạn muốn nhận ưu đãi bao lâu một lần?", en: "How often would you like offers?" },
    options: [
      { id: "weekly", label: { vi: "Hằng tuần", en: "Weekly" } },
      { id: "monthly", label: { vi: "Hằng tháng", en: "Monthly" } },
      { id: "important_only", label: { vi: "Chỉ khi thật quan trọng", en: "Only important ones" } },
    ],
  },
  {
    id: "topics",
    kind: "multi",
    label: { vi: "Bạn quan tâm đến chủ đề nào?", en: "Which topics interest you?" },
    options: [
      { id: "new_products", label: { vi: "Sản phẩm mới", en: "New products" } },
      { id: "events", label: { vi: "Sự kiện", en: "Events" } },
      { id: "discounts", label: { vi: "Giảm giá", en: "Discounts" } },
    ],
  },
];
