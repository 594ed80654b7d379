import { Link, useNavigate } from "react-router-dom";
import { useCanWriteSurveys } from "../common/use-role";
import { useLocale } from "../locale-context";
import { ArrowLeftIcon } from "../shell/icons";
import { SurveyEditor } from "./survey-editor";
import "./strings/load";
import "./surveys.css";

/** A new survey: saved as a draft (version 1), then opened on its own page to activate. */
export function SurveyNewPage() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const canWrite = useCanWriteSurveys();
  return (
    <div className="page">
      <Link to="/surveys" className="back-link">
        <ArrowLeftIcon />
        <span>{t("surveys.editor.back")}</span>
      </Link>
      <header className="page-header">
        <h1>{t("surveys.editor.newTitle")}</h1>
        {!canWrite && <p className="muted">{t("surveys.readOnly")}</p>}
      </header>
      <SurveyEditor
        survey={null}
        readOnly={!canWrite}
        onSaved={(saved) => navigate(`/surveys/${saved.id}?tab=links`, { state: { created: saved.name } })}
      />
    </div>
  );
}
