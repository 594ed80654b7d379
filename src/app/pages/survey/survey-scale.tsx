import type { SurveyKind } from "../../../domain/surveys/kinds";
import { StarIcon } from "../../components/icons";
import { useSurveyT } from "./strings";

type Props = {
  kind: SurveyKind;
  min: number;
  max: number;
  selected: number | null;
  disabled: boolean;
  onPick: (score: number) => void;
};

/**
 * The one question's scale as big tap targets, whole on a 360 px screen without scrolling
 * sideways: NPS's 11 steps in two rows (0–5, 6–10) of 48 px buttons, CES's 7 in one row, CSAT's
 * 5 as stars. The ends are labelled in words; each button is named "Chọn 3" for screen readers
 * and shows it is pressed once picked.
 */
export function SurveyScale({ kind, min, max, selected, disabled, onPick }: Props) {
  const t = useSurveyT();
  const steps = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const stars = kind === "csat";
  return (
    <div className="survey-scale" role="group" aria-label={t("survey.scaleLabel", { min, max })}>
      <div className={`survey-scale__steps survey-scale__steps--${kind}`}>
        {steps.map((score) => {
          const pressed = selected === score;
          // Stars fill up to the one picked, as a shopper expects of a star rating.
          const lit = stars && selected !== null && score <= selected;
          return (
            <button
              key={score}
              type="button"
              className={`survey-step${pressed ? " survey-step--picked" : ""}${lit ? " survey-step--lit" : ""}`}
              aria-pressed={pressed}
              aria-label={t("survey.pick", { score })}
              disabled={disabled}
              onClick={() => onPick(score)}
              data-testid="survey-step"
            >
              {stars ? <StarIcon size={34} fill={lit ? "currentColor" : "none"} /> : score}
            </button>
          );
        })}
      </div>
      <div className="survey-scale__ends">
        <span>
          {min} · {t(`survey.${kind}.low`)}
        </span>
        <span>
          {max} · {t(`survey.${kind}.high`)}
        </span>
      </div>
    </div>
  );
}
