import { useEffect, useState } from "react";
import { useNavigate } from "zmp-ui";
import type { FeedbackResponseKind, MyFeedbackResponses } from "../../../contract/cases";
import { caseEndpoints } from "../../../contract/endpoints/cases";
import { CheckCircleIcon } from "../../components/icons";
import { useFormatDate } from "../../i18n/use-t";
import { ROUTES } from "../../routes";
import { api, withSession } from "../../state/api";
import { useSurveyT, type SurveyKey } from "./strings";

const KIND_KEY: Record<FeedbackResponseKind, SurveyKey> = {
  called: "survey.responses.called",
  message: "survey.responses.message",
  voucher: "survey.responses.voucher",
  resolved: "survey.responses.resolved",
};

/**
 * "The store has responded to your feedback": fetched after the surveys page has painted, and
 * drawn only when there is something to say. A failed load shows nothing: it is good news to
 * add, never a reason to break the page the member came for.
 */
export function FeedbackResponses() {
  const st = useSurveyT();
  const navigate = useNavigate();
  const formatDate = useFormatDate();
  const [items, setItems] = useState<MyFeedbackResponses["items"]>([]);
  useEffect(() => {
    let live = true;
    withSession(() => api.request(caseEndpoints.myFeedbackResponses, {})).then(
      (r) => live && setItems(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (items.length === 0) return null;
  return (
    <section className="feedback-responses" aria-labelledby="feedback-responses-title">
      <h2 id="feedback-responses-title" className="feedback-responses__title">
        {st("survey.responses.title")}
      </h2>
      <ul className="survey-list">
        {items.map((item) => (
          // Without a store (a link answered at home), not the section's title again.
          <li key={item.caseId} className="survey-list__item feedback-responses__item">
            <CheckCircleIcon size={20} />
            <span className="survey-list__text">
              <strong>
                {item.store ? st("survey.responses.atStore", { store: item.store.name }) : st("survey.responses.yourFeedback")}
              </strong>
              <span className="muted small">
                {st("survey.responses.when", { answered: formatDate(item.answeredAt), responded: formatDate(item.respondedAt) })}
              </span>
              {item.responses.length > 0 && <span className="small">{item.responses.map((k) => st(KIND_KEY[k])).join(" · ")}</span>}
              {item.responses.includes("voucher") && (
                <button type="button" className="link-button small" onClick={() => navigate(ROUTES.vouchers)}>
                  {st("survey.responses.toVouchers")}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
