import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import "./strings/load";

export type PlaceholderTopic = "surveys" | "campaigns";

const COPY: Record<PlaceholderTopic, { title: MessageKey; body: MessageKey }> = {
  surveys: { title: "surveys.title", body: "surveys.body" },
  campaigns: { title: "campaigns.title", body: "campaigns.body" },
};

/**
 * A page that is not built yet says so, and what it will do. Deliberately no sample data:
 * a marketer must never mistake a mock-up for their brand's numbers.
 */
export function PlaceholderPage({ topic }: { topic: PlaceholderTopic }) {
  const { t } = useLocale();
  const copy = COPY[topic];
  return (
    <div className="page">
      <header className="page-header">
        <div className="page-title-row">
          <h1>{t(copy.title)}</h1>
          <span className="badge badge-soon">{t("placeholder.badge")}</span>
        </div>
      </header>
      <section className="card placeholder">
        <p className="placeholder-body">{t(copy.body)}</p>
        <p className="muted">{t("placeholder.note")}</p>
      </section>
    </div>
  );
}
