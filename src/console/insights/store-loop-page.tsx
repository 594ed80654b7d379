import { lazy, Suspense, useMemo, useState } from "react";
import { insightEndpoints } from "../../contract/endpoints/insights";
import type { ScannerLoopRow, StoreLoop, StoreLoopRow } from "../../contract/insights";
import { formatVnd } from "../../domain/locale/money";
import { useApiResource } from "../common/use-api-resource";
import { formatDate, formatNumber, formatPercent } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { InsightsFrame, StatCard } from "./insights-frame";
import { usePeriodDays } from "./period-picker";
import { SPARK_HEIGHT, SPARK_WIDTH } from "./spark-size";
import "./strings/load";

/** recharts stays in its own chunk: the table shows before the chart code is in. */
const Sparkline = lazy(() => import("./sparkline").then((m) => ({ default: m.Sparkline })));

type Row = (StoreLoopRow | ScannerLoopRow) & { key: string; label: string; sub: string | null };
type SortKey =
  "label" | "nps" | "csat" | "openCases" | "pointsIssued" | "liability" | "messagesSent" | "costVnd" | "activeMembers" | "repeat";

const repeatShare = (r: Row) => (r.activeMembers > 0 ? r.repeaters / r.activeMembers : -1);

/**
 * The store loop view (issue 13): one sortable table, per store or per scanner, for the manager
 * who asks "which store creates promoters, and at what cost". NPS and CSAT come from the survey
 * core's answers (a dash: no answers in the period); open / overdue cases now, a scanner's those
 * whose answer was about an earn they scanned.
 */
export function StoreLoopPage() {
  const { t, locale } = useLocale();
  const period = usePeriodDays();
  const [view, setView] = useState<"stores" | "scanners">("stores");
  const resource = useApiResource(insightEndpoints.storeLoop, { query: { days: period[0] } });

  return (
    <InsightsFrame copy={COPY} period={period} resource={resource} isEmpty={(data) => data.stores.length === 0} testId="loop-skeleton">
      {(data) => (
        <>
          <BrandSummary data={data} />
          <section className="card">
            <div className="card-toolbar">
              <div className="period-picker" role="group" aria-label={t("loop.view")}>
                {(["stores", "scanners"] as const).map((v) => (
                  <button
                    key={v}
                    type="button"
                    className={`period-option${v === view ? " period-option-on" : ""}`}
                    aria-pressed={v === view}
                    onClick={() => setView(v)}
                  >
                    {t(v === "stores" ? "loop.byStore" : "loop.byScanner")}
                  </button>
                ))}
              </div>
            </div>
            <LoopTable data={data} view={view} />
          </section>
          <p className="muted insights-footnote">
            {t("loop.attributionNote")}{" "}
            {t("loop.pricesNote", {
              transaction: formatVnd(locale, data.prices.transaction),
              care: formatVnd(locale, data.prices.customer_care),
              promotion: formatVnd(locale, data.prices.promotion),
            })}{" "}
            {t("insights.visitNote")}
          </p>
        </>
      )}
    </InsightsFrame>
  );
}

const COPY = {
  title: "loop.title",
  subtitle: "loop.subtitle",
  loadFailed: "loop.loadFailed",
  empty: "loop.empty",
  emptyHint: "loop.emptyHint",
  emptyAction: { to: "/members", label: "loop.emptyAction" },
} as const;

function BrandSummary({ data }: { data: StoreLoop }) {
  const { t, locale } = useLocale();
  const day = (d: string) => formatDate(locale, `${d}T12:00:00+07:00`);
  const points = (v: number) => (
    <>
      {formatNumber(locale, v)} <span className="stat-unit">{t("common.points")}</span>
    </>
  );
  return (
    <>
      <div className="summary-grid">
        <StatCard
          label={t("loop.issued")}
          value={points(data.brand.pointsIssued)}
          note={t("insights.periodNote", { from: day(data.period.from), to: day(data.period.to) })}
        />
        <StatCard label={t("loop.liability")} value={points(data.brand.liability)} note={t("loop.liabilityNote")} />
        <StatCard
          label={t("loop.messages")}
          value={formatNumber(locale, data.brand.messagesSent)}
          note={t("loop.messagesNote", { cost: formatVnd(locale, data.brand.costVnd) })}
        />
      </div>
    </>
  );
}

const COLUMNS: { key: SortKey; label: MessageKey; num: boolean }[] = [
  { key: "nps", label: "loop.col.nps", num: true },
  { key: "csat", label: "loop.col.csat", num: true },
  { key: "openCases", label: "loop.col.cases", num: true },
  { key: "pointsIssued", label: "loop.col.issued", num: true },
  { key: "liability", label: "loop.col.liability", num: true },
  { key: "messagesSent", label: "loop.col.messages", num: true },
  { key: "costVnd", label: "loop.col.cost", num: true },
  { key: "activeMembers", label: "loop.col.active", num: true },
  { key: "repeat", label: "loop.col.repeat", num: true },
];

function sortValue(r: Row, key: SortKey): number | string {
  if (key === "label") return r.label;
  if (key === "repeat") return repeatShare(r);
  const v = r[key];
  // Not measured sorts below every measured value, whichever the direction.
  return v ?? Number.NEGATIVE_INFINITY;
}

function LoopTable({ data, view }: { data: StoreLoop; view: "stores" | "scanners" }) {
  const { t, locale } = useLocale();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "pointsIssued", desc: true });
  const rows: Row[] = useMemo(
    () =>
      view === "stores"
        ? data.stores.map((s) => ({ ...s, key: s.storeId, label: s.storeName, sub: null }))
        : data.scanners.map((s) => ({
            ...s,
            key: `${s.storeId}|${s.userId ?? ""}`,
            label: s.name ?? t("loop.noPerson"),
            sub: s.storeName,
          })),
    [data, view, t],
  );
  const sorted = useMemo(() => {
    const copy = [...rows];
    copy.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y, locale) : (x as number) - (y as number);
      return (sort.desc ? -order : order) || a.label.localeCompare(b.label, locale);
    });
    return copy;
  }, [rows, sort, locale]);

  if (rows.length === 0)
    return (
      <div className="state">
        <p className="state-title">{t("loop.noScanners")}</p>
        <p className="muted">{t("loop.noScannersHint")}</p>
      </div>
    );

  const header = (key: SortKey, label: string, num: boolean) => {
    const active = sort.key === key;
    return (
      <th key={key} scope="col" className={num ? "num" : undefined} aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}>
        <button
          type="button"
          className="sort-button"
          title={t("loop.sortBy", { column: label })}
          onClick={() => setSort(active ? { key, desc: !sort.desc } : { key, desc: key !== "label" })}
        >
          {label}
          <span className="sort-mark" aria-hidden="true">
            {active ? (sort.desc ? "▼" : "▲") : ""}
          </span>
        </button>
      </th>
    );
  };
  const n = (v: number) => formatNumber(locale, v);
  const gap = (why: MessageKey) => (
    <span className="muted" title={t(why)}>
      —
    </span>
  );
  /** A score with its number of answers under it: 25 from 4 answers is not 25 from 400. */
  const score = (value: number, responses: number | null, unit = "") => (
    <>
      {n(Math.round(value))}
      {unit}
      <span className="loop-responses muted">{t("loop.responses", { count: n(responses ?? 0) })}</span>
    </>
  );

  return (
    <div className="table-wrap">
      <table className="table table-compact loop-table">
        <caption className="sr-only">{t(view === "stores" ? "loop.caption" : "loop.captionScanner")}</caption>
        <thead>
          <tr>
            {header("label", t(view === "stores" ? "loop.col.store" : "loop.col.scanner"), false)}
            {COLUMNS.slice(0, 4).map((c) => header(c.key, t(c.label), c.num))}
            <th scope="col">{t("loop.col.trend")}</th>
            {COLUMNS.slice(4).map((c) => header(c.key, t(c.label), c.num))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="loop-name">
                <span className={r.label && !("userId" in r && r.userId === null) ? "strong" : "muted"}>{r.label}</span>
                {r.sub && <span className="loop-sub muted">{r.sub}</span>}
              </th>
              <td className="num">{r.nps === null ? gap("loop.noAnswers") : score(r.nps, r.npsResponses)}</td>
              <td className="num">{r.csat === null ? gap("loop.noAnswers") : score(r.csat, r.csatResponses, "%")}</td>
              <td className="num">
                {r.openCases === null ? gap("loop.casesNotCounted") : `${n(r.openCases)} / ${n(r.overdueCases ?? 0)}`}
              </td>
              <td className="num strong">{n(r.pointsIssued)}</td>
              <td className="loop-spark">
                <span className="sr-only">{t("loop.trendLabel", { count: r.weekly.length, values: r.weekly.map(n).join(", ") })}</span>
                <span className="spark-box" aria-hidden="true" style={{ width: SPARK_WIDTH, height: SPARK_HEIGHT }}>
                  <Suspense fallback={null}>
                    <Sparkline values={r.weekly} />
                  </Suspense>
                </span>
              </td>
              <td className="num">{n(r.liability)}</td>
              <td className="num">{n(r.messagesSent)}</td>
              <td className="num">{formatVnd(locale, r.costVnd)}</td>
              <td className="num">{n(r.activeMembers)}</td>
              <td className="num">{formatPercent(locale, r.repeaters, r.activeMembers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
