import { useCallback, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { type ConsoleLedgerItem, type ConsoleLedgerPage } from "../../contract/loyalty";
import { useAuth } from "../auth-context";
import { errorMessageKey } from "../common/api-errors";
import { LoadError } from "../common/load-error";
import { Notice, useNotice } from "../common/notice";
import { useApiResource } from "../common/use-api-resource";
import { formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { DownloadIcon } from "../shell/icons";
import { ActorFilter, type ActorChoice } from "./actor-filter";
import { LedgerTable } from "./ledger-table";
import { DateRange } from "../common/date-range";
import { DownloadButton } from "../common/download-button";
import { readLedgerFilters, writeLedgerFilters, ledgerApiFilters, type LedgerFilterState } from "./ledger-filters";
import "./strings/load";

const PAGE_SIZE = 50;

/**
 * The brand's points ledger (issue 10 item 3): every entry, newest first, who did it, filterable
 * by who and by Vietnam days, and exported as CSV exactly as filtered. The filters live in the
 * URL so a link to "what cashier Lan did last week" can be shared.
 */
export function LedgerPage() {
  const { t } = useLocale();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = readLedgerFilters(searchParams);
  const apiFilters = ledgerApiFilters(filters);
  const { state, reload } = useApiResource(loyaltyEndpoints.brandLedger, { query: { ...apiFilters, limit: PAGE_SIZE } });
  const first = state.status === "ready" ? state.data : null;
  const older = useOlderEntries(first, apiFilters);
  const items = useMemo(() => (first ? [...first.items, ...older.items] : []), [first, older.items]);
  const people = usePeopleSeen(items);
  const notice = useNotice();

  const update = useCallback(
    (change: Partial<LedgerFilterState>) => setSearchParams((current) => writeLedgerFilters({ ...readLedgerFilters(current), ...change })),
    [setSearchParams],
  );
  const filtered = filters.actor !== null || filters.from !== "" || filters.to !== "";

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t("ledgerPage.title")}</h1>
          <p className="muted">{t("ledgerPage.subtitle")}</p>
        </div>
      </header>
      <Notice notice={notice} />

      <section className="card" aria-label={t("ledgerPage.title")}>
        <div className="ledger-toolbar" role="group" aria-label={t("ledgerPage.filters")}>
          <ActorFilter entries={people} value={filters.actor} onChange={(actor: ActorChoice) => update({ actor })} />
          <DateRange value={filters} onChange={update} />
          {filtered && (
            <button type="button" className="button button-ghost button-sm" onClick={() => update({ actor: null, from: "", to: "" })}>
              {t("ledgerPage.clear")}
            </button>
          )}
          <ExportButton
            filters={apiFilters}
            maxRows={first?.exportMaxRows}
            onDone={(file) => notice.show((tr) => tr("ledgerPage.exportDone", { file }))}
          />
        </div>

        {state.status === "loading" ? (
          <LedgerSkeleton label={t("app.loading")} />
        ) : state.status === "error" ? (
          <LoadError title={t("ledgerPage.loadFailed")} code={state.error.code} onRetry={reload} />
        ) : (
          <div aria-busy={state.refreshing}>
            <LedgerTable
              items={items}
              showMember
              onReverse={null}
              more={older.more}
              empty={
                filtered ? (
                  <div className="state">
                    <p className="state-title">{t("ledgerPage.emptyFiltered")}</p>
                    <p className="muted">{t("ledgerPage.emptyFilteredHint")}</p>
                    <button type="button" className="button button-secondary" onClick={() => update({ actor: null, from: "", to: "" })}>
                      {t("ledgerPage.clear")}
                    </button>
                  </div>
                ) : (
                  <div className="state">
                    <p className="state-title">{t("ledgerPage.empty")}</p>
                    <p className="muted">{t("ledgerPage.emptyHint")}</p>
                    <Link className="button button-secondary" to="/members">
                      {t("nav.members")}
                    </Link>
                  </div>
                )
              }
            />
            {items.length > 0 && <Shown count={items.length} />}
          </div>
        )}
      </section>
    </div>
  );
}

function Shown({ count }: { count: number }) {
  const { t, locale } = useLocale();
  return <p className="table-note muted ledger-shown">{t("ledgerPage.shown", { count: formatNumber(locale, count) })}</p>;
}

/**
 * The console signs API calls with a bearer token (sessionStorage), which a plain link cannot
 * carry: the file is fetched with the token and saved from a blob.
 */
function ExportButton({
  filters,
  maxRows,
  onDone,
}: {
  filters: ReturnType<typeof ledgerApiFilters>;
  /** The server's ceiling, from the ledger's first page (unknown until it has loaded). */
  maxRows: number | undefined;
  onDone: (file: string) => void;
}) {
  const { api } = useAuth();
  const { t, locale } = useLocale();
  const max = (n?: string | number) => formatNumber(locale, Number(n ?? maxRows));
  return (
    <DownloadButton
      className="ledger-export"
      primary
      formats
      icon={<DownloadIcon />}
      hint={maxRows ? t("ledgerPage.exportHint", { max: max() }) : undefined}
      labels={{ idle: "ledgerPage.export", busy: "ledgerPage.exporting", failed: "ledgerPage.exportFailed" }}
      errorKey={errorMessageKey}
      // The refusal's own number first: it is the limit that refused.
      failureText={(f) => (f.code === "export_too_large" ? t("ledgerPage.exportTooLarge", { max: max(f.params.max) }) : null)}
      fetchFile={(format, onProgress) => api.download(loyaltyEndpoints.exportLedger, { query: { ...filters, locale, format } }, onProgress)}
      fallbackName="so-diem"
      onDone={onDone}
    />
  );
}

/**
 * Pages after the first, loaded on "Load more" with the API's cursor. A new first page (new
 * filters, a reload) starts again from its own cursor.
 */
function useOlderEntries(first: ConsoleLedgerPage | null, filters: ReturnType<typeof ledgerApiFilters>) {
  const { api } = useAuth();
  const [pages, setPages] = useState<{ of: ConsoleLedgerPage; items: ConsoleLedgerItem[]; cursor: string | null } | null>(null);
  const [status, setStatus] = useState<{ loading: boolean; failed: boolean }>({ loading: false, failed: false });
  const current = first && pages?.of === first ? pages : null;
  const cursor = current ? current.cursor : (first?.nextCursor ?? null);
  const load = async () => {
    if (!first || !cursor) return;
    setStatus({ loading: true, failed: false });
    try {
      const page = await api.request(loyaltyEndpoints.brandLedger, { query: { ...filters, after: cursor, limit: PAGE_SIZE } });
      setPages({ of: first, items: [...(current?.items ?? []), ...page.items], cursor: page.nextCursor });
      setStatus({ loading: false, failed: false });
    } catch {
      setStatus({ loading: false, failed: true });
    }
  };
  return { items: current?.items ?? EMPTY, more: cursor ? { ...status, load: () => void load() } : null };
}
const EMPTY: ConsoleLedgerItem[] = [];

/**
 * The people the "Done by" list offers: everyone seen on this visit, kept while filters change,
 * so picking one cashier does not make the others vanish from the list.
 */
function usePeopleSeen(items: readonly ConsoleLedgerItem[]): ConsoleLedgerItem[] {
  const [seen, setSeen] = useState<Map<string, ConsoleLedgerItem>>(() => new Map());
  const fresh = items.filter((e) => e.actor.userId && !seen.has(e.actor.userId));
  if (fresh.length > 0) {
    const next = new Map(seen);
    for (const e of fresh) if (!next.has(e.actor.userId!)) next.set(e.actor.userId!, e);
    setSeen(next);
  }
  return useMemo(() => [...seen.values()], [seen]);
}

function LedgerSkeleton({ label }: { label: string }) {
  return (
    <div className="skeleton-card" role="status" aria-label={label} data-testid="ledger-skeleton">
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <span key={i} className="skeleton" />
      ))}
    </div>
  );
}
