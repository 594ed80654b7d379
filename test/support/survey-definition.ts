import type { SurveyKind } from "../../src/domain/surveys/kinds";
import type { SurveyDefinition } from "../../src/domain/surveys/survey";

/** What tests' surveys share: after a purchase, every store, in the app, no reward, a 30-day throttle, no window. */
export const SURVEY_DEFAULTS = {
  touchpoint: "post_purchase",
  storeIds: null,
  channel: "in_app",
  rewardPoints: 0,
  throttleDays: 30,
  startsAt: null,
  endsAt: null,
} as const satisfies Partial<SurveyDefinition>;

/** A survey definition for tests with the given follow-ups and the shared defaults. */
export function testSurveyDefinition(kind: SurveyKind, followUps: SurveyDefinition["followUps"]): SurveyDefinition {
  return {
    kind,
    name: `Khảo sát ${kind}`,
    question: { vi: "Bạn thấy thế nào?", en: "How was it?" },
    followUps,
    ...SURVEY_DEFAULTS,
  };
}
