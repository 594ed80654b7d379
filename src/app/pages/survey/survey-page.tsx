import { useAtomValue, useSetAtom } from "jotai";
import { useCallback, useEffect, useState } from "react";
import { Button, Page, useLocation, useNavigate, useParams } from "zmp-ui";
import type { AnswerResponse, SurveyView } from "../../../contract/surveys";
import { bandOf } from "../../../domain/surveys/kinds";
import { SURVEY_LIMITS } from "../../../domain/surveys/survey";
import { CheckCircleIcon } from "../../components/icons";
import { Notice } from "../../components/notice";
import { PageTitle } from "../../components/page-title";
import { PageSkeleton, Skeleton } from "../../components/skeleton";
import { errorKey } from "../../i18n/error-key";
import { useFormatNumber, useFormatDate, useFormatTime, useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/vi";
import { ROUTES } from "../../routes";
import { failureCode, type FailureCode } from "../../state/api";
import { localeAtom } from "../../state/locale";
import { meAtom } from "../../state/session";
import { answerSurveyAtom, followUpAtom, lastFlushAtom, loadSurveyViewAtom } from "../../state/surveys";
import { useSurveyT } from "./strings";
import { SurveyScale } from "./survey-scale";

type Load = { status: "loading" } | { status: "ready"; view: SurveyView } | { status: "error"; code: FailureCode };

/**
 * One survey, opened from a link (`/survey/<id>?t=<token>`: a ZNS button, an in-store QR code),
 * the card's prompt or the account page's list. One question; one tap records the answer.
 */
export function SurveyPage() {
  const t = useT();
  const st = useSurveyT();
  const navigate = useNavigate();
  const me = useAtomValue(meAtom);
  const { id = "" } = useParams();
  const { search } = useLocation();
  const token = new URLSearchParams(search).get("t");
  const loadView = useSetAtom(loadSurveyViewAtom);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const isMember = me?.user.isMember === true;

  const read = useCallback(() => {
    setLoad({ status: "loading" });
    loadView({ surveyId: id, token })
      .then((view) => setLoad({ status: "ready", view }))
      .catch((err: unknown) => setLoad({ status: "error", code: failureCode(err) }));
  }, [id, token, loadView]);

  useEffect(() => {
    if (isMember) read();
  }, [isMember, read]);

  return (
    <Page className="page survey-page">
      <PageTitle title={st("survey.title")} back />
      {!isMember ? (
        <div className="stack-12">
          <Notice tone="info">{st("survey.notMember")}</Notice>
          <Button fullWidth size="large" onClick={() => navigate(ROUTES.onboarding)}>
            {st("survey.join")}
          </Button>
        </div>
      ) : load.status === "loading" ? (
        <SurveySkeleton label={st("survey.loading")} />
      ) : load.status === "error" ? (
        <div className="stack-12">
          <Notice tone="error">
            {load.code === "network" || load.code === "internal" ? st("survey.loadError") : t(errorKey(load.code))}
          </Notice>
          {load.code === "survey_not_found" || load.code === "not_a_member" ? (
            <Button variant="secondary" fullWidth onClick={() => navigate(ROUTES.card, { replace: true })}>
              {st("survey.thanks.done")}
            </Button>
          ) : (
            <Button variant="secondary" fullWidth onClick={read}>
              {t("common.retry")}
            </Button>
          )}
        </div>
      ) : (
        <SurveyBody key={load.view.surveyId} view={load.view} token={token} />
      )}
    </Page>
  );
}

/** What the member's tap became: sent (with the server's reply) or waiting on the phone. */
type Answered = {
  score: number;
  clientAnswerId: string | null;
  response: Pick<AnswerResponse, "answerId" | "band" | "canChangeUntil" | "rewardCredited" | "rewardPoints"> | null;
};
type Phase = "question" | "followUp" | "thanks";

function SurveyBody({ view, token }: { view: SurveyView; token: string | null }) {
  const t = useT();
  const st = useSurveyT();
  const locale = useAtomValue(localeAtom);
  const formatTime = useFormatTime();
  const formatDate = useFormatDate();
  const answer = useSetAtom(answerSurveyAtom);
  const lastFlush = useAtomValue(lastFlushAtom);
  const [answered, setAnswered] = useState<Answered | null>(() =>
    view.myAnswer
      ? {
          score: view.myAnswer.score,
          clientAnswerId: null,
          response: { ...view.myAnswer, rewardCredited: 0, rewardPoints: 0 },
        }
      : null,
  );
  const [picked, setPicked] = useState<number | null>(view.myAnswer?.score ?? null);
  const [phase, setPhase] = useState<Phase>("question");
  const [sending, setSending] = useState(false);
  // Why no answer is taken: the view's reason is news (info); a refused tap is an error.
  const [problem, setProblem] = useState<{ key: MessageKey; tone: "info" | "error" } | null>(
    view.open || !view.closedReason ? null : { key: errorKey(view.closedReason), tone: "info" },
  );
  const [closed, setClosed] = useState(!view.open);
  const [tokenNotice, setTokenNotice] = useState(view.tokenNotice);

  // A tap that waited on the phone was sent by the queue (the network came back while this
  // page is open): from now on it is an answer like any other.
  useEffect(() => {
    if (!answered || answered.response || !answered.clientAnswerId) return;
    const sent = lastFlush.sent.find((s) => s.item.clientAnswerId === answered.clientAnswerId);
    if (sent) setAnswered({ ...answered, response: sent.response });
  }, [lastFlush, answered]);

  async function pick(score: number) {
    if (sending || closed) return;
    if (answered && answered.score === score && answered.response) {
      // The same score again changes nothing: go on to what comes next.
      setPhase(view.followUps[answered.response.band] ? "followUp" : "thanks");
      return;
    }
    const before = picked;
    setPicked(score);
    setProblem(null);
    setSending(true);
    try {
      const outcome = await answer({ surveyId: view.surveyId, score, token });
      if (outcome.kind === "sent") {
        setAnswered({ score, clientAnswerId: outcome.response.answerId, response: outcome.response });
        setTokenNotice(outcome.response.tokenNotice);
        setPhase(outcome.response.followUp ? "followUp" : "thanks");
      } else {
        setAnswered({ score, clientAnswerId: outcome.item.clientAnswerId, response: null });
        setPhase(view.followUps[bandOf(view.kind, score).id] ? "followUp" : "thanks");
      }
    } catch (err) {
      const code = failureCode(err);
      setPicked(before);
      setProblem({ key: errorKey(code), tone: "error" });
      if (code === "survey_change_closed" || code === "survey_inactive" || code === "survey_throttled") setClosed(true);
      setPhase("question");
    } finally {
      setSending(false);
    }
  }

  const queued = answered !== null && answered.response === null;
  const changeUntil = answered?.response?.canChangeUntil ?? null;
  const canChange = !closed && changeUntil !== null && Date.parse(changeUntil) > Date.now();
  const band = answered ? bandOf(view.kind, answered.score).id : null;
  const followUp = band ? view.followUps[band] : undefined;

  if (phase === "thanks" && answered) {
    return (
      <Thanks
        answered={answered}
        rewardPoints={view.rewardPoints}
        onChange={
          canChange || queued
            ? () => {
                setPhase("question");
              }
            : null
        }
      />
    );
  }

  return (
    <div className="stack-12">
      {tokenNotice && <Notice tone="info">{t(errorKey(tokenNotice))}</Notice>}
      <section className="survey-card" aria-labelledby="survey-question">
        {view.store && <p className="muted small">{st("survey.atStore", { store: view.store.name })}</p>}
        <h2 className="survey-card__question" id="survey-question">
          {view.question[locale]}
        </h2>
        {view.rewardPoints > 0 && !answered && (
          <p className="survey-card__reward">{st("survey.rewardHint", { points: view.rewardPoints })}</p>
        )}
        <SurveyScale
          kind={view.kind}
          min={view.scale.min}
          max={view.scale.max}
          selected={picked}
          disabled={closed || sending}
          onPick={(score) => void pick(score)}
        />
        <div className="survey-card__status" role="status">
          {sending ? (
            <span className="muted small">{st("survey.sending")}</span>
          ) : queued ? (
            <Notice tone="offline">{st("survey.queued")}</Notice>
          ) : answered && canChange ? (
            <span className="muted small" data-testid="survey-change-until">
              <CheckCircleIcon size={16} /> {st("survey.saved")} {st("survey.changeUntil", { time: formatTime(changeUntil!) })}
            </span>
          ) : null}
        </div>
      </section>
      {problem && (
        <Notice tone={problem.tone}>
          {t(problem.key)}
          {view.closedReason === "survey_throttled" && view.throttledUntil
            ? ` ${st("survey.throttledUntil", { date: formatDate(view.throttledUntil) })}`
            : ""}
        </Notice>
      )}
      {phase === "followUp" && answered && followUp && (
        <FollowUp
          key={`${answered.clientAnswerId}`}
          prompt={followUp.prompt[locale]}
          reasons={followUp.reasons.map((r) => ({ id: r.id, label: r.label[locale] }))}
          answered={answered}
          onDone={() => setPhase("thanks")}
        />
      )}
    </div>
  );
}

function FollowUp({
  prompt,
  reasons,
  answered,
  onDone,
}: {
  prompt: string;
  reasons: { id: string; label: string }[];
  answered: Answered;
  onDone: () => void;
}) {
  const t = useT();
  const st = useSurveyT();
  const send = useSetAtom(followUpAtom);
  const [chosen, setChosen] = useState<string[]>([]);
  const [comment, setComment] = useState("");
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const max = SURVEY_LIMITS.commentLength;
  const length = [...comment].length;
  const tooLong = length > max;
  const maxReasons = SURVEY_LIMITS.reasonsPerAnswer;

  function toggle(id: string) {
    setChosen((now) => (now.includes(id) ? now.filter((r) => r !== id) : now.length < maxReasons ? [...now, id] : now));
  }

  async function submit() {
    if (tooLong) return;
    setSending(true);
    setProblem(null);
    try {
      const text = comment.trim();
      await send({
        answerId: answered.response?.answerId ?? null,
        clientAnswerId: answered.clientAnswerId ?? "",
        reasons: chosen,
        comment: text === "" ? null : text,
      });
      onDone();
    } catch (err) {
      setProblem(errorKey(failureCode(err)));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="survey-card stack-12" aria-labelledby="survey-follow-up">
      <h2 className="survey-card__prompt" id="survey-follow-up">
        {prompt || st("survey.followUp.default")}
      </h2>
      {reasons.length > 0 && (
        <div className="stack-8">
          <p className="muted small">
            {chosen.length >= maxReasons ? st("survey.followUp.tooManyReasons", { max: maxReasons }) : st("survey.followUp.reasons")}
          </p>
          <div className="survey-reasons">
            {reasons.map((r) => (
              <button
                key={r.id}
                type="button"
                className={`survey-reason${chosen.includes(r.id) ? " survey-reason--on" : ""}`}
                aria-pressed={chosen.includes(r.id)}
                disabled={!chosen.includes(r.id) && chosen.length >= maxReasons}
                onClick={() => toggle(r.id)}
              >
                {r.label}
              </button>
            ))}
          </div>
        </div>
      )}
      <div className={`text-field${tooLong ? " text-field--error" : ""}`}>
        <label className="text-field__label" htmlFor="survey-comment">
          {st("survey.followUp.comment")}
        </label>
        <textarea
          id="survey-comment"
          className="text-field__input text-area"
          rows={3}
          value={comment}
          aria-invalid={tooLong || undefined}
          onChange={(e) => setComment(e.target.value)}
        />
        <p className="text-field__hint text-area__count" aria-live="polite">
          {tooLong ? st("survey.followUp.tooLong", { max }) : st("survey.followUp.count", { count: length, max })}
        </p>
      </div>
      {problem && <Notice tone="error">{t(problem)}</Notice>}
      <Button fullWidth size="large" loading={sending} disabled={tooLong} onClick={() => void submit()}>
        {problem === "error.network" ? t("common.retry") : st("survey.followUp.send")}
      </Button>
      <Button fullWidth variant="tertiary" onClick={onDone}>
        {st("survey.followUp.skip")}
      </Button>
    </section>
  );
}

function Thanks({ answered, rewardPoints, onChange }: { answered: Answered; rewardPoints: number; onChange: (() => void) | null }) {
  const st = useSurveyT();
  const navigate = useNavigate();
  const formatNumber = useFormatNumber();
  const formatTime = useFormatTime();
  const credited = answered.response?.rewardCredited ?? 0;
  const queued = answered.response === null;
  return (
    <section className="survey-thanks stack-12" aria-labelledby="survey-thanks">
      <span className="empty-state__icon">
        <CheckCircleIcon size={40} />
      </span>
      <h2 id="survey-thanks">{st("survey.thanks.title")}</h2>
      <p className="muted">{st("survey.thanks.body")}</p>
      {queued && <Notice tone="offline">{st("survey.queued")}</Notice>}
      {credited > 0 && (
        <p className="survey-thanks__reward" data-testid="survey-reward">
          {st("survey.thanks.reward", { points: formatNumber(credited) })}
        </p>
      )}
      {queued && rewardPoints > 0 && (
        <p className="muted small">{st("survey.thanks.rewardLater", { points: formatNumber(rewardPoints) })}</p>
      )}
      {onChange && answered.response && (
        <p className="muted small">{st("survey.changeUntil", { time: formatTime(answered.response.canChangeUntil) })}</p>
      )}
      <Button fullWidth size="large" onClick={() => navigate(ROUTES.card, { replace: true })}>
        {st("survey.thanks.done")}
      </Button>
      {onChange && (
        <Button fullWidth variant="tertiary" onClick={onChange}>
          {st("survey.thanks.change")}
        </Button>
      )}
    </section>
  );
}

function SurveySkeleton({ label }: { label: string }) {
  return (
    <PageSkeleton label={label}>
      <div className="survey-card stack-12">
        <Skeleton width="85%" height={22} />
        <Skeleton width="60%" height={22} />
        <Skeleton height={108} radius={12} />
        <Skeleton width="100%" height={14} />
      </div>
    </PageSkeleton>
  );
}
