import type { MemberExport, MyConsents, MyPreferences, PreferenceForm } from "../../contract/preferences";
import { PURPOSES, type ConsentPurpose } from "../../domain/consent/purposes";
import { formProgress, type AnswerValue } from "../../domain/preferences/form";
import { STORES } from "./fixtures";
import type { Call } from "./fetch-mock";

/** Wire-shaped data for the preferences, consent and my-data screens (parses with the contract). */

export const FORM: PreferenceForm = {
  version: 3,
  questions: [
    {
      id: "birthday",
      kind: "birthday",
      label: { vi: "Sinh nhật của bạn là ngày nào?", en: "When is your birthday?" },
      help: { vi: "Để chúng tôi gửi quà sinh nhật.", en: "So we can send a birthday treat." },
    },
    {
      id: "favourite_categories",
      kind: "multi",
      label: { vi: "Bạn thích những loại sản phẩm nào?", en: "Which products do you like?" },
      maxChoices: 2,
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
      id: "wish",
      kind: "text",
      optional: true,
      maxLength: 40,
      label: { vi: "Bạn muốn quán có thêm món gì?", en: "What should we add to the menu?" },
    },
  ],
};

export const ANSWERS: Record<string, AnswerValue> = {
  birthday: { kind: "birthday", day: 4, month: 2 },
  favourite_categories: { kind: "multi", optionIds: ["drinks", "food"] },
  preferred_store: { kind: "store", storeId: STORES[1]!.id },
  offer_frequency: { kind: "single", optionId: "monthly" },
  wish: { kind: "text", text: "Bánh mì" },
};

export function preferences(answers: Record<string, AnswerValue>, opts: { paid?: boolean; form?: PreferenceForm } = {}): MyPreferences {
  const form = opts.form ?? FORM;
  const progress = formProgress(form, new Set(Object.keys(answers)));
  return {
    form,
    answers: Object.fromEntries(
      Object.entries(answers).map(([id, value]) => [id, { value, formVersion: form.version, updatedAt: "2026-11-20T03:00:00.000Z" }]),
    ),
    progress,
    bonus: { points: 50, paid: opts.paid ?? false },
    stores: STORES,
  };
}

/**
 * A stateful double of the preferences endpoints: GET answers what was saved, each PUT saves
 * (or clears) one answer, and the save that first completes the profile credits the bonus.
 */
export function preferencesRoutes(initial: Record<string, AnswerValue> = {}, opts: { paid?: boolean } = {}) {
  const answers = { ...initial };
  let paid = opts.paid ?? false;
  const routes: Record<string, (call: Call) => { status: number; body: unknown }> = {
    "GET /members/me/preferences": () => ({ status: 200, body: preferences(answers, { paid }) }),
  };
  for (const q of FORM.questions) {
    routes[`PUT /members/me/preferences/${q.id}`] = (call) => {
      const { value } = call.body as { value: AnswerValue | null };
      if (value === null) delete answers[q.id];
      else answers[q.id] = value;
      const now = preferences(answers, { paid });
      const bonusCredited = now.progress.complete && !paid ? 50 : 0;
      if (bonusCredited) paid = true;
      return { status: 200, body: { ...preferences(answers, { paid }), bonusCredited } };
    };
  }
  return { routes, answers };
}

type PurposeState = { granted: boolean; since?: string | null; zalo?: "allowed" | "refused" | "unavailable" | null };

export function consents(
  states: Partial<Record<ConsentPurpose, PurposeState>> = {},
  opts: Partial<Pick<MyConsents, "history" | "oaId" | "hasPhone">> = {},
): MyConsents {
  const granted = { membership: { granted: true, since: "2026-11-01T08:00:00.000Z" }, ...states } as Partial<
    Record<ConsentPurpose, PurposeState>
  >;
  return {
    purposes: Object.values(PURPOSES).map((def) => {
      const state = granted[def.purpose];
      return {
        purpose: def.purpose,
        required: def.required,
        zaloPermission: def.zaloPermission,
        version: def.version,
        vi: def.vi,
        en: def.en,
        granted: state?.granted ?? false,
        since: state?.since ?? (state ? "2026-11-20T03:00:00.000Z" : null),
        wordingVersion: state ? def.version : null,
        zalo: state?.zalo ?? null,
      };
    }),
    history: opts.history ?? [
      {
        purpose: "membership",
        granted: true,
        wordingVersion: PURPOSES.membership.version,
        channel: "mini_app",
        at: "2026-11-01T08:00:00.000Z",
      },
    ],
    zaloAnswers: [],
    oaId: opts.oaId === undefined ? "oa-4417" : opts.oaId,
    hasPhone: opts.hasPhone ?? false,
  };
}

export function memberExport(overrides: Partial<MemberExport> = {}): MemberExport {
  return {
    format: "loyalloop.member-export/1",
    // 01:00 on the 24th in Vietnam, still the 23rd in UTC: the file is named by the Vietnam day.
    exportedAt: "2026-11-23T18:00:00.000Z",
    brand: { name: "Cà Phê Mây" },
    profile: { displayName: "Nguyễn Minh Anh", phone: "0912345678" },
    membership: { memberNo: "00000042", tier: "silver" },
    preferences: [{ questionId: "birthday" }],
    consents: [{ purpose: "membership" }, { purpose: "zns_care" }],
    zaloPermissionAnswers: [],
    ledger: [{ points: 25 }, { points: 40 }, { points: -50 }],
    pointLots: [{ points: 15 }],
    vouchers: [{ code: "ABCD" }, { code: "EFGH" }],
    surveyAnswers: [],
    feedbackCases: [],
    gameDraws: [],
    gamePlays: [],
    messages: [],
    privacyRequests: [{ kind: "export" }],
    ...overrides,
  };
}
