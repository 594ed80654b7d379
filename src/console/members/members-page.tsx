import { useCallback } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { consoleEndpoints } from "../../contract/endpoints/console";
import { ExportButton } from "../common/download-button";
import { useCanManage } from "../common/use-role";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import { MemberSearch } from "./member-search";
import { MembersTable } from "./members-table";
import { readMembersQuery, writeMembersQuery, type MembersQuery } from "./members-query";
import { Pager } from "./pager";
import { useMembers } from "./use-members";
import "./strings/load";

export function MembersPage() {
  const { t } = useLocale();
  const canManage = useCanManage();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readMembersQuery(searchParams);
  const { state, retry } = useMembers(query);

  const update = useCallback(
    (change: Partial<MembersQuery>, options?: { replace?: boolean }) =>
      setSearchParams((current) => writeMembersQuery({ ...readMembersQuery(current), ...change }), options),
    [setSearchParams],
  );
  // Typing replaces the history entry (Back should not replay every keystroke); paging pushes.
  const onSearch = useCallback((q: string) => update({ q, page: 1 }, { replace: true }), [update]);

  const pagerData = state.status === "ready" ? state.data : state.status === "loading" ? state.previous : null;
  const hasQuery = query.q.trim() !== "";

  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1>{t("members.title")}</h1>
          <p className="muted">{t("members.subtitle")}</p>
        </div>
        <div className="page-actions">
          {canManage && (
            <Link className="button button-secondary" to="/members/import">
              {t("import.open")}
            </Link>
          )}
          {/* The members the search finds; what each role's file holds is the server's (decision 0047). */}
          <ExportButton endpoint={consoleEndpoints.exportMembers} query={hasQuery ? { q: query.q } : undefined} fallbackName="hoi-vien" />
        </div>
      </header>

      <section className="card">
        <div className="card-toolbar">
          <MemberSearch value={query.q} onSearch={onSearch} />
        </div>

        {state.status === "error" ? (
          <div className="state state-error" role="alert">
            <AlertIcon className="state-icon" />
            <p className="state-title">{t("members.error")}</p>
            <p className="muted">{t(state.error.code === "network" ? "members.errorNetwork" : "members.errorServer")}</p>
            <button type="button" className="button button-secondary" onClick={retry}>
              {t("app.retry")}
            </button>
          </div>
        ) : state.status === "loading" ? (
          <MembersTable loading pageSize={query.pageSize} />
        ) : (
          <MembersTable
            loading={false}
            rows={state.data.items}
            empty={
              state.data.total > 0 ? (
                <EmptyState title={t("members.pageEmpty")} action={t("members.firstPage")} onAction={() => update({ page: 1 })} />
              ) : hasQuery ? (
                <EmptyState
                  title={t("members.empty")}
                  hint={t("members.emptyHint")}
                  action={t("members.clearSearch")}
                  onAction={() => update({ q: "", page: 1 })}
                />
              ) : (
                <EmptyState title={t("members.empty")} hint={t("members.emptyNoMembers")} />
              )
            }
          />
        )}

        {/* No pager for an empty result: "0 / 0" and two dead buttons say nothing the empty state does not. */}
        {pagerData && pagerData.total > 0 && state.status !== "error" && (
          <Pager
            page={query.page}
            pageSize={query.pageSize}
            shown={pagerData}
            disabled={state.status === "loading"}
            onPage={(page) => update({ page })}
            onPageSize={(pageSize) => update({ pageSize, page: 1 })}
          />
        )}
      </section>
    </div>
  );
}

type EmptyProps = { title: string; hint?: string; action?: string; onAction?: () => void };

function EmptyState({ title, hint, action, onAction }: EmptyProps) {
  return (
    <div className="state">
      <p className="state-title">{title}</p>
      {hint && <p className="muted">{hint}</p>}
      {action && onAction && (
        <button type="button" className="button button-secondary" onClick={onAction}>
          {action}
        </button>
      )}
    </div>
  );
}
