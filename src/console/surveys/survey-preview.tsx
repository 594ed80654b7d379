import { useState } from "react";
import type { Locale } from "../../domain/locale/locale";
import { bandOf, SCALES, type SurveyKind } from "../../domain/surveys/kinds";
import { LOCALES } from "../../domain/locale/locale";
import { useAuth } from "../auth-context";
import { useLocale } from "../locale-context";
import type { SurveyDraft } from "./survey-draft";

/**
 * The survey as the shopper sees it on a 360 × 640 phone, drawn by the console itself: the Mini
 * App's survey page is built on zmp-ui and its own state, which would pull the Mini App's
 * runtime into the console for one picture. What must match is the content and its layout —
 * one question, the whole scale in one row of big tap targets with labelled ends, the band's
 * follow-up with its reason chips — and it is drawn from the same draft the form saves.
 */
const ENDS: Record<SurveyKind, Record<Locale, [string, string]>> = {
  nps: { vi: ["Không có khả năng", "Chắc chắn sẽ giới thiệu"], en: ["Not at all likely", "Extremely likely"] },
  csat: { vi: ["Rất không hài lòng", "Rất hài lòng"], en: ["Very dissatisfied", "Very satisfied"] },
  ces: { vi: ["Rất khó", "Rất dễ"], en: ["Very difficult", "Very easy"] },
};
const SHOPPER = {
  vi: { comment: "Bạn muốn nói thêm? (không bắt buộc)", send: "Gửi", skip: "Bỏ qua", reward: "+{points} điểm khi trả lời" },
  en: { comment: "Anything else? (optional)", send: "Send", skip: "Skip", reward: "+{points} points for answering" },
} as const;

export function SurveyPreview({ draft }: { draft: SurveyDraft }) {
  const { t } = useLocale();
  const { state } = useAuth();
  const brand = state.status === "signedIn" ? state.me.brand.name : "";
  const [lang, setLang] = useState<Locale>("vi");
  const [picked, setPicked] = useState<number | null>(null);
  const { min, max } = SCALES[draft.kind];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const score = picked !== null && picked >= min && picked <= max ? picked : null;
  const band = score === null ? null : bandOf(draft.kind, score);
  const followUp = band ? draft.followUps[band.id] : undefined;
  const reward = Number(draft.rewardPoints);
  const words = SHOPPER[lang];

  return (
    <aside className="survey-preview" aria-label={t("surveys.preview.title")}>
      <div className="survey-preview-head">
        <h2>{t("surveys.preview.title")}</h2>
        <div className="segmented" role="group" aria-label={t("surveys.preview.language")}>
          {LOCALES.map((l) => (
            <button key={l} type="button" className={l === lang ? "is-selected" : ""} aria-pressed={l === lang} onClick={() => setLang(l)}>
              {l.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
      <div className="phone" data-testid="survey-preview">
        <div className="phone-bar">{brand}</div>
        <div className="phone-body" lang={lang}>
          <p className="phone-question">{draft.question[lang].trim() || t("surveys.preview.questionPlaceholder")}</p>
          <div className={`phone-scale phone-scale-${draft.kind}`} role="group">
            {scores.map((s) => {
              const sentiment = bandOf(draft.kind, s).sentiment;
              return (
                <button
                  key={s}
                  type="button"
                  className={`phone-score score-${sentiment}${s === score ? " is-picked" : ""}`}
                  aria-pressed={s === score}
                  onClick={() => setPicked(s === score ? null : s)}
                >
                  {s}
                </button>
              );
            })}
          </div>
          <div className="phone-ends">
            <span>{ENDS[draft.kind][lang][0]}</span>
            <span>{ENDS[draft.kind][lang][1]}</span>
          </div>
          {Number.isInteger(reward) && reward > 0 && <p className="phone-reward">{words.reward.replace("{points}", String(reward))}</p>}
          {followUp && (
            <div className="phone-follow-up">
              <p className="phone-prompt">{followUp.prompt[lang]}</p>
              <div className="phone-chips">
                {followUp.reasons.map((r) => (
                  <span key={r.id} className="phone-chip">
                    {r.label[lang]}
                  </span>
                ))}
              </div>
              <div className="phone-comment">{words.comment}</div>
              <div className="phone-actions">
                <span className="phone-skip">{words.skip}</span>
                <span className="phone-send">{words.send}</span>
              </div>
            </div>
          )}
        </div>
      </div>
      <p className="muted survey-preview-hint">{t("surveys.preview.tapHint")}</p>
    </aside>
  );
}
