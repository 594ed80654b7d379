import { useAtomValue, useSetAtom } from "jotai";
import { useCallback, useEffect, useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import type { AnswerValue } from "../../../domain/preferences/form";
import type { Question } from "../../../contract/preferences";
import { Dialog } from "../../components/dialog";
import { EmptyState } from "../../components/empty-state";
import { GiftIcon, SlidersIcon, SparkleIcon } from "../../components/icons";
import { Notice } from "../../components/notice";
import { PageTitle } from "../../components/page-title";
import { Redirect } from "../../components/redirect";
import { PageSkeleton, Skeleton } from "../../components/skeleton";
import { errorKey } from "../../i18n/error-key";
import { useFormatNumber, useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/vi";
import { ROUTES } from "../../routes";
import { failureCode } from "../../state/api";
import { loadPreferencesAtom, preferencesAtom, saveAnswerAtom } from "../../state/preferences";
import { meAtom } from "../../state/session";
import { AnswerSummary } from "./answer-summary";
import { nextView, previousView, sameAnswer, startView, viewAfterReload, type View } from "./draft";
import { QuestionStep } from "./question-step";

/**
 * "Sở thích của tôi": one question per screen, each answer saved on Next, so a member who
 * leaves half-way keeps what they said and comes back to the first question still open.
 */
export function PreferencesPage() {
  const t = useT();
  const me = useAtomValue(meAtom);
  const navigate = useNavigate();
  const formatNumber = useFormatNumber();
  const save = useSetAtom(saveAnswerAtom);
  const load = useAtomValue(preferencesAtom);
  const loadPreferences = useSetAtom(loadPreferencesAtom);
  const [view, setView] = useState<View>({ mode: "summary" });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [bonus, setBonus] = useState<{ points: number; open: boolean } | null>(null);

  const reload = useCallback(
    async (quiet: boolean) => {
      const prefs = await loadPreferences({ quiet });
      if (prefs) setView((v) => (quiet ? viewAfterReload(v, prefs) : startView(prefs)));
    },
    [loadPreferences],
  );

  useEffect(() => {
    void reload(false);
  }, [reload]);

  if (me && !me.user.isMember) return <Redirect to={ROUTES.start} />;

  const prefs = load.status === "ready" ? load.data : null;
  const questions = prefs?.form.questions ?? [];
  const showBanner = prefs !== null && prefs.bonus.points > 0 && !prefs.bonus.paid && !prefs.progress.complete;

  function go(next: View) {
    setProblem(null);
    setView(next);
  }

  function advance(from: View) {
    go(nextView(from, questions.length));
  }

  async function submit(question: Question, value: AnswerValue | null, then: "advance" | "stay") {
    if (!prefs) return;
    const stored = prefs.answers[question.id]?.value;
    // Unchanged: nothing to save, and no request to wait for.
    if (value !== null && stored !== undefined && sameAnswer(value, stored)) {
      if (then === "advance") advance(view);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { bonusCredited } = await save({ questionId: question.id, formVersion: prefs.form.version, value });
      if (bonusCredited > 0) setBonus({ points: bonusCredited, open: true });
      if (then === "advance") advance(view);
    } catch (err) {
      const code = failureCode(err);
      setProblem(errorKey(code));
      // The form changed under the member: show the current one, keep their draft.
      if (code === "form_version_unknown" || code === "question_not_found") void reload(true);
    } finally {
      setBusy(false);
    }
  }

  const question = view.mode === "step" ? questions[view.index] : undefined;

  return (
    <Page className="page page--with-actions">
      <PageTitle title={t("prefs.heading")} back />
      {load.status === "loading" && <PreferencesSkeleton label={t("common.loading")} />}
      {load.status === "error" && (
        <div className="stack-12">
          <Notice tone="error">{t(errorKey(load.code) === "error.generic" ? "prefs.loadError" : errorKey(load.code))}</Notice>
          <Button variant="secondary" fullWidth onClick={() => void reload(false)}>
            {t("common.retry")}
          </Button>
        </div>
      )}
      {prefs && showBanner && (
        <p className="bonus-banner" data-testid="bonus-banner">
          <GiftIcon size={22} />
          <span>{t("prefs.bonusBanner", { points: formatNumber(prefs.bonus.points) })}</span>
        </p>
      )}
      {prefs && questions.length === 0 && (
        <EmptyState icon={<SlidersIcon size={28} />} title={t("prefs.empty")} hint={t("prefs.emptyHint")} />
      )}
      {prefs && view.mode === "step" && question && (
        <QuestionStep
          // A new draft per question, and again once its saved answer changes (e.g. cleared).
          key={`${question.id}:${prefs.answers[question.id]?.updatedAt ?? "-"}`}
          question={question}
          index={view.index}
          total={questions.length}
          prefs={prefs}
          editing={view.editing}
          busy={busy}
          problem={problem}
          onNext={(value) => void submit(question, value, "advance")}
          onClear={() => void submit(question, null, "stay")}
          onSkip={() => advance(view)}
          onBack={() => go(previousView(view))}
        />
      )}
      {prefs && view.mode === "summary" && questions.length > 0 && (
        <AnswerSummary
          prefs={prefs}
          onEdit={(index) => go({ mode: "step", index, editing: true })}
          onContinue={(index) => go({ mode: "step", index, editing: false })}
          onDone={() => navigate(-1)}
        />
      )}

      <Dialog
        visible={bonus?.open === true}
        onClose={() => setBonus((b) => b && { ...b, open: false })}
        afterClose={() => setBonus(null)}
        labelledBy="bonus-title"
      >
        {bonus && (
          <div className="dialog-body celebration">
            <span className="celebration__icon" aria-hidden="true">
              <SparkleIcon size={36} />
            </span>
            <h2 className="dialog-title" id="bonus-title">
              {t("prefs.bonusTitle", { points: formatNumber(bonus.points) })}
            </h2>
            <p className="muted">{t("prefs.bonusThanks")}</p>
            <Button fullWidth onClick={() => setBonus({ ...bonus, open: false })}>
              {t("prefs.bonusOk")}
            </Button>
          </div>
        )}
      </Dialog>
    </Page>
  );
}

function PreferencesSkeleton({ label }: { label: string }) {
  return (
    <PageSkeleton label={label}>
      <Skeleton width="30%" height={14} />
      <Skeleton height={8} radius={4} />
      <Skeleton width="85%" height={24} />
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} height={52} radius={14} />
      ))}
    </PageSkeleton>
  );
}
