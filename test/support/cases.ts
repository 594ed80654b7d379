/**
 * Survey answers for the case tests, written the way the answer path writes them (a row in
 * survey_answers, a change superseding the current row) and handed to openCaseForAnswer in
 * the same transaction, as the answer path does.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { SurveyKind } from "../../src/domain/surveys/kinds";
import { bandOf } from "../../src/domain/surveys/kinds";
import type { SurveyDefinition } from "../../src/domain/surveys/survey";
import { surveyAnswers, surveys, surveyVersions, znsTemplates } from "../../src/server/db/schema";
import { openCaseForAnswer } from "../../src/server/features/cases/open-case";
import type { TestApi } from "./api";
import { SURVEY_DEFAULTS } from "./survey-definition";

export async function makeSurvey(api: TestApi, brandId: string, kind: SurveyKind = "nps") {
  const def: SurveyDefinition = {
    kind,
    name: `Khảo sát ${kind}`,
    question: { vi: "Bạn có sẵn lòng giới thiệu quán cho bạn bè?", en: "How likely are you to recommend us?" },
    followUps: {
      [bandOf(kind, kind === "nps" ? 0 : 1).id]: {
        prompt: { vi: "Điều gì chưa ổn?", en: "What went wrong?" },
        reasons: [
          { id: "slow", label: { vi: "Phục vụ chậm", en: "Slow service" } },
          { id: "cold", label: { vi: "Đồ uống nguội", en: "Cold drink" } },
        ],
      },
    },
    ...SURVEY_DEFAULTS,
  };
  const [s] = await api.database.db
    .insert(surveys)
    .values({ brandId, status: "active", version: 1, kind, touchpoint: def.touchpoint, channel: def.channel })
    .returning({ id: surveys.id });
  await api.database.db.insert(surveyVersions).values({ surveyId: s!.id, version: 1, definition: def });
  return { id: s!.id, kind };
}

export type AnswerOpts = {
  brandId: string;
  survey: { id: string; kind: SurveyKind };
  memberId: string;
  score: number;
  storeId?: string | null;
  transactionRef?: string | null;
  reasons?: string[];
  comment?: string | null;
  /** The current answer this one changes (inside the window). */
  supersedes?: string;
};

/** One answer row and its case, in one transaction. */
export async function answerAndOpen(api: TestApi, o: AnswerOpts) {
  const at = new Date(api.clock.now());
  return api.database.db.transaction(async (tx) => {
    if (o.supersedes) await tx.update(surveyAnswers).set({ supersededAt: at }).where(eq(surveyAnswers.id, o.supersedes));
    const [row] = await tx
      .insert(surveyAnswers)
      .values({
        brandId: o.brandId,
        surveyId: o.survey.id,
        surveyVersion: 1,
        memberId: o.memberId,
        kind: o.survey.kind,
        score: o.score,
        band: bandOf(o.survey.kind, o.score).id,
        touchpoint: "post_purchase",
        storeId: o.storeId ?? null,
        source: "in_app",
        transactionRef: o.transactionRef ?? null,
        clientAnswerId: `tap-${randomUUID()}`,
        answeredAt: at,
        firstAnsweredAt: at,
        supersedes: o.supersedes ?? null,
        reasons: o.reasons ?? [],
        comment: o.comment ?? null,
      })
      .returning({ id: surveyAnswers.id });
    const result = await openCaseForAnswer(tx, { brandId: o.brandId, answerId: row!.id, now: at.getTime() });
    return { answerId: row!.id, result };
  });
}

/** A customer-care template of the brand not tied to an automatic message: what a case may send. */
export async function makeCareTemplate(api: TestApi, brandId: string, opts: { needsVoucher?: boolean } = {}) {
  const [t] = await api.database.db
    .insert(znsTemplates)
    .values({
      brandId,
      name: opts.needsVoucher ? "Hỏi thăm kèm voucher" : "Cửa hàng hỏi thăm",
      znsTemplateId: `care-${randomUUID().slice(0, 8)}`,
      tag: "customer_care",
      trigger: null,
      preview: opts.needsVoucher
        ? "<ten_khach_hang> ơi, mã <ma_voucher> là lời xin lỗi của quán."
        : "<ten_khach_hang> ơi, quán đã nhận góp ý của bạn và sẽ liên hệ sớm. Mã thành viên: <ma_khach_hang>.",
      params: [
        { name: "ten_khach_hang", type: "customer_name", source: { field: "name" }, fallback: "Quý khách" },
        opts.needsVoucher
          ? { name: "ma_voucher", type: "code", source: { field: "voucher_code" } }
          : { name: "ma_khach_hang", type: "code", source: { field: "member_no" } },
      ],
    })
    .returning();
  return t!;
}
