import { useAtomValue, useSetAtom } from "jotai";
import { Button, Page, useNavigate } from "zmp-ui";
import { ChevronRightIcon, StarIcon } from "../../components/icons";
import { EmptyState } from "../../components/empty-state";
import { LoadFailed } from "../../components/load-failed";
import { PageTitle } from "../../components/page-title";
import { PageSkeleton, Skeleton } from "../../components/skeleton";
import { usePageEntry } from "../../components/use-page-entry";
import { useFormatDate, useFormatNumber } from "../../i18n/use-t";
import { ROUTES } from "../../routes";
import { localeAtom } from "../../state/locale";
import { loadOpenSurveysAtom, openSurveysAtom, surveyPath } from "../../state/surveys";
import { FeedbackResponses } from "./feedback-responses";
import { useSurveyT } from "./strings";

/** The account page's "Khảo sát": the member's open surveys, newest ask first. */
export function SurveysPage() {
  const st = useSurveyT();
  const navigate = useNavigate();
  const locale = useAtomValue(localeAtom);
  const formatDate = useFormatDate();
  const formatNumber = useFormatNumber();
  const state = useAtomValue(openSurveysAtom);
  const load = useSetAtom(loadOpenSurveysAtom);
  usePageEntry(() => void load());

  return (
    <Page className="page survey-page">
      <PageTitle title={st("survey.listTitle")} back />
      {state.status === "loading" && (
        <PageSkeleton label={st("survey.loading")}>
          <Skeleton height={76} radius={16} />
          <Skeleton height={76} radius={16} />
        </PageSkeleton>
      )}
      {state.status === "error" && <LoadFailed code={state.code} onRetry={() => void load()} />}
      {state.status === "ready" && state.data.surveys.length === 0 && (
        <EmptyState icon={<StarIcon size={28} />} title={st("survey.list.empty")} hint={st("survey.list.emptyHint")}>
          <Button variant="secondary" onClick={() => navigate(ROUTES.card)}>
            {st("survey.list.backToCard")}
          </Button>
        </EmptyState>
      )}
      {state.status === "ready" && state.data.surveys.length > 0 && (
        <ul className="survey-list">
          {state.data.surveys.map((s) => (
            <li key={s.askId ?? s.surveyId}>
              <button type="button" className="survey-list__item" onClick={() => navigate(surveyPath(s.surveyId, s.token))}>
                <span className="survey-list__text">
                  <strong>{s.question[locale]}</strong>
                  <span className="muted small">
                    {[s.store?.name, st("survey.list.until", { date: formatDate(s.expiresAt) })].filter(Boolean).join(" · ")}
                  </span>
                </span>
                {s.rewardPoints > 0 && <span className="chip">{st("survey.list.reward", { points: formatNumber(s.rewardPoints) })}</span>}
                <ChevronRightIcon size={20} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {state.status !== "loading" && <FeedbackResponses />}
    </Page>
  );
}
