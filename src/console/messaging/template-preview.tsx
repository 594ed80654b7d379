import { useLocale } from "../locale-context";
import { valueProblemText } from "./problems";
import { exampleProblems, previewParts, type TemplateDraft } from "./template-draft";
import { ZnsBubble } from "./zns-bubble";

/**
 * The message as a member would read it, with example values in place of the parameters
 * (highlighted, so the manager sees what is fixed text and what is filled in). A parameter
 * with no value shows as <name>, and values the example member would break are listed.
 */
export function TemplatePreview({ draft }: { draft: TemplateDraft }) {
  const { t, locale } = useLocale();
  const parts = previewParts(draft);
  const warnings = exampleProblems(draft);
  // The server accepts these, but Zalo answers "missing parameter" for every message sent.
  const unknown = [...new Set(parts.flatMap((p) => (p.kind === "param" && !p.known ? [p.name] : [])))];
  return (
    <div className="template-preview">
      <h3 className="template-preview-title">{t("msg.preview.title")}</h3>
      <p className="field-hint">{t("msg.preview.hint")}</p>
      <div className="phone">
        <ZnsBubble
          footer={
            // Zalo draws the stars of a service rating template itself, under the text.
            draft.kind === "rating" ? (
              <span className="zns-stars" role="img" aria-label={t("msg.preview.stars")}>
                ☆ ☆ ☆ ☆ ☆
              </span>
            ) : undefined
          }
        >
          {parts.length === 0 ? (
            <span className="muted">{t("msg.preview.empty")}</span>
          ) : (
            parts.map((part, i) =>
              part.kind === "text" ? (
                <span key={i}>{part.text}</span>
              ) : part.value !== null ? (
                <mark key={i} className="zns-value" title={`<${part.name}>`}>
                  {part.value}
                </mark>
              ) : (
                <mark
                  key={i}
                  className="zns-value zns-value-missing"
                  title={part.known ? t("msg.preview.noValue") : t("msg.preview.unknown")}
                >
                  {`<${part.name}>`}
                </mark>
              ),
            )
          )}
        </ZnsBubble>
      </div>
      {warnings.length + unknown.length > 0 && (
        <ul className="template-preview-warnings">
          {unknown.map((name) => (
            <li key={name}>{t("msg.preview.unknownParam", { name })}</li>
          ))}
          {warnings.map((w, i) => (
            <li key={i}>{t("msg.preview.warning", { name: w.field ?? "", problem: valueProblemText(w, locale) })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
