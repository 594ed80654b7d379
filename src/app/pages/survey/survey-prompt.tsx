import { useAtomValue, useSetAtom } from "jotai";
import { useEffect } from "react";
import { Button, useNavigate } from "zmp-ui";
import { StarIcon } from "../../components/icons";
import { dismissedPromptsAtom, dismissPromptAtom, loadOpenSurveysAtom, openSurveysAtom, surveyPath } from "../../state/surveys";
import { useSurveyT } from "./strings";

/**
 * The card's in-app prompt: when the member has a pending ask (e.g. staff just awarded points),
 * a small dismissible banner that opens the survey. The card loads this chunk only after it has
 * painted, and reads the open surveys then, so the card never waits for it; a failed read shows
 * nothing (the account page's list has them too).
 */
export function SurveyPrompt() {
  const st = useSurveyT();
  const navigate = useNavigate();
  const state = useAtomValue(openSurveysAtom);
  const load = useSetAtom(loadOpenSurveysAtom);
  const dismissed = useAtomValue(dismissedPromptsAtom);
  const dismiss = useSetAtom(dismissPromptAtom);
  useEffect(() => {
    void load({ quiet: true });
  }, [load]);

  if (state.status !== "ready") return null;
  const ask = state.data.surveys.find((s) => s.askId !== null && !dismissed.includes(s.askId));
  if (!ask?.askId) return null;
  const askId = ask.askId;
  return (
    <aside className="survey-prompt" aria-labelledby="survey-prompt-title">
      <span className="empty-state__icon">
        <StarIcon size={22} />
      </span>
      <div className="survey-prompt__text">
        <h2 id="survey-prompt-title">{ask.store ? st("survey.prompt.titleAt", { store: ask.store.name }) : st("survey.prompt.title")}</h2>
        <p className="muted small">{st("survey.prompt.body")}</p>
        <Button size="small" onClick={() => navigate(surveyPath(ask.surveyId, ask.token))}>
          {st("survey.prompt.open")}
        </Button>
      </div>
      <button type="button" className="survey-prompt__close" aria-label={st("survey.prompt.close")} onClick={() => dismiss(askId)}>
        ×
      </button>
    </aside>
  );
}
