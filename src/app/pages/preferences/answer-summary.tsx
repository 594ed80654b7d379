import { useAtomValue } from "jotai";
import { Button } from "zmp-ui";
import type { MyPreferences } from "../../../contract/preferences";
import { answerText } from "../../../domain/preferences/form";
import { ChevronRightIcon } from "../../components/icons";
import { useT } from "../../i18n/use-t";
import { localeAtom } from "../../state/locale";
import { firstUnanswered, storedFor } from "./draft";

/** The member's answers, one row per question (tap to edit), and the way on. */
type SummaryProps = { prefs: MyPreferences; onEdit: (index: number) => void; onContinue: (index: number) => void; onDone: () => void };

export function AnswerSummary({ prefs, onEdit, onContinue, onDone }: SummaryProps) {
  const t = useT();
  const locale = useAtomValue(localeAtom);
  const { complete } = prefs.progress;
  const open = complete ? -1 : firstUnanswered(prefs);
  const storeName = (id: string) => prefs.stores.find((s) => s.id === id)?.name;

  return (
    <>
      <section className="panel" aria-labelledby="answers-title">
        <h2 className="panel__title" id="answers-title">
          {complete ? t("prefs.completeTitle") : t("prefs.summaryTitle")}
        </h2>
        <p className="muted small">
          {complete
            ? t("prefs.summaryLead")
            : `${t("prefs.remaining", { count: prefs.progress.total - prefs.progress.answered })} ${t("prefs.summaryLead")}`}
        </p>
        <ul className="link-rows answers">
          {prefs.form.questions.map((q, i) => {
            const value = storedFor(prefs, q);
            return (
              <li key={q.id}>
                <button type="button" className="link-row answer-row" onClick={() => onEdit(i)}>
                  <span className="answer-row__text">
                    <span className="answer-row__label">{q.label[locale]}</span>
                    <span className={`answer-row__value ${value ? "" : "answer-row__value--empty"}`}>
                      {value ? answerText(q, value, locale, storeName) : t("prefs.notAnswered")}
                    </span>
                  </span>
                  <ChevronRightIcon size={20} />
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <div className="actions">
        {open !== -1 && (
          <Button fullWidth size="large" onClick={() => onContinue(open)}>
            {t("prefs.continue")}
          </Button>
        )}
        <Button fullWidth size="large" variant={open !== -1 ? "tertiary" : "primary"} onClick={onDone}>
          {t("prefs.done")}
        </Button>
      </div>
    </>
  );
}
