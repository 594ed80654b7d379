import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import { Notice, useNotice } from "../common/notice";
import { Tabs } from "../common/tabs";
import { useApiResource } from "../common/use-api-resource";
import { useLocale } from "../locale-context";
import { FormEditor } from "./form-editor";
import { StatsPanel } from "./stats-panel";
import { VersionHistory } from "./version-history";
import { LoadError } from "../common/load-error";
import "./strings/load";

type TabId = "form" | "stats";

/**
 * The brand's preference form and what members answered, as two tabs of one section. The tab
 * is in the URL (?tab=stats) so a link to the numbers opens on the numbers.
 */
export function PreferencesPage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const tab: TabId = params.get("tab") === "stats" ? "stats" : "form";
  // Stats load on first view, then stay mounted so going back and forth does not refetch.
  const [statsOpened, setStatsOpened] = useState(tab === "stats");
  const notice = useNotice();

  const select = (next: TabId) => {
    if (next === "stats") setStatsOpened(true);
    setParams(next === "stats" ? { tab: "stats" } : {}, { replace: true });
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("prefs.title")}</h1>
        <p className="muted">{t("prefs.subtitle")}</p>
      </header>
      <Notice notice={notice} />
      <div className="page-tabs">
        <Tabs<TabId>
          label={t("prefs.title")}
          selected={tab}
          onSelect={select}
          tabs={[
            {
              id: "form",
              label: t("prefs.tab.form"),
              panel: <FormTab onPublished={(version) => notice.show((tr) => tr("prefs.published", { version }))} />,
            },
            { id: "stats", label: t("prefs.tab.stats"), panel: statsOpened || tab === "stats" ? <StatsPanel /> : null },
          ]}
        />
      </div>
    </div>
  );
}

function FormTab({ onPublished }: { onPublished: (version: number) => void }) {
  const { t } = useLocale();
  const { state, reload, update } = useApiResource(preferenceEndpoints.form);

  if (state.status === "loading") {
    return (
      <div className="card skeleton-card" data-testid="form-skeleton" aria-busy="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} className="skeleton" />
        ))}
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <section className="card">
        <LoadError title={t("prefs.loadFailed")} code={state.error.code} onRetry={reload} />
      </section>
    );
  }
  return (
    <div className="prefs-form-tab">
      {/* A new version (ours or, after a conflict, someone else's) starts a fresh draft. */}
      <FormEditor
        key={state.data.current.version}
        form={state.data}
        reloading={state.refreshing}
        onReload={reload}
        onPublished={(saved) => {
          update(() => saved);
          onPublished(saved.current.version);
        }}
      />
      <VersionHistory versions={state.data.versions} current={state.data.current.version} />
    </div>
  );
}
