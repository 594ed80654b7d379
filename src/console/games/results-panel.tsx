import type { GameResults } from "../../contract/game";
import { PLAY_GRANT_SOURCES } from "../../domain/game/wheel";
import { formatVnd } from "../../domain/locale/money";
import type { Locale } from "../../domain/locale/locale";
import { formatNumber, formatPercent } from "../format";
import { useLocale } from "../locale-context";
import { DayChart, dayLabel, type DayDatum as ChartDatum, type DaySeries } from "../common/day-chart-lazy";

const DAY_MS = 86_400_000;
// A period longer than this is charted by its active days only (a bar per calendar day would be unreadable).
const MAX_FILLED_DAYS = 120;
const FUNNEL = ["invited", "joined", "purchased", "rewarded"] as const;

const utcOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
type DayDatum = ChartDatum & { day: string; spins: number; wins: number; checkins: number };
const periodLabel = (day: string) => {
  const [yyyy, mm, dd] = day.split("-");
  return `${dd}/${mm}/${yyyy}`;
};

/** Every day of the period with its spins, wins and check-ins (0 when nothing happened). */
export function dailySeries(results: GameResults, locale: Locale): DayDatum[] {
  const byDay = new Map<string, DayDatum>();
  const at = (day: string) => {
    let d = byDay.get(day);
    if (!d) byDay.set(day, (d = { day, label: dayLabel(locale, day), spins: 0, wins: 0, checkins: 0 }));
    return d;
  };
  const { from, to } = results.period;
  if ((utcOf(to) - utcOf(from)) / DAY_MS < MAX_FILLED_DAYS)
    for (let t = utcOf(from); t <= utcOf(to); t += DAY_MS) at(new Date(t).toISOString().slice(0, 10));
  for (const d of results.byDay) Object.assign(at(d.day), { spins: d.spins, wins: d.wins });
  for (const d of results.checkins.byDay) at(d.day).checkins = d.checkins;
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** A bar for a share of the largest value; none at all for 0 (a sliver would read as "a few"). */
function Bar({ share, green = false }: { share: number; green?: boolean }) {
  return (
    <span className="games-bar-track" aria-hidden="true">
      {share > 0 && <span className={`games-bar${green ? " games-bar-green" : ""}`} style={{ width: `${share * 100}%` }} />}
    </span>
  );
}

/** A wheel campaign's results: totals and their cost, by day, by segment, plays by action, check-ins, referrals. */
export function ResultsSummary({ results }: { results: GameResults }) {
  const { t, locale } = useLocale();
  const n = (value: number) => formatNumber(locale, value);
  const max = Math.max(1, ...results.bySegment.map((s) => s.draws));
  const series = dailySeries(results, locale);
  const { checkins, referrals } = results;
  const streakMax = Math.max(1, ...checkins.streaks.map((s) => s.members));
  return (
    <div className="games-results">
      <p className="muted games-period">
        {t("games.results.period", { from: periodLabel(results.period.from), to: periodLabel(results.period.to) })}
      </p>
      <dl className="games-stats">
        <div>
          <dt>{t("games.results.spins")}</dt>
          <dd>{n(results.spins)}</dd>
        </div>
        <div>
          <dt>{t("games.results.players")}</dt>
          <dd>{n(results.uniquePlayers)}</dd>
        </div>
        <div>
          <dt>{t("games.results.wins")}</dt>
          <dd>{n(results.wins)}</dd>
        </div>
        <div>
          <dt>{t("games.results.points")}</dt>
          <dd>
            {n(results.pointsGiven)}
            <span className="games-stat-note">
              {results.pointsValueVnd === null
                ? t("games.results.noRate")
                : t("games.results.worthVnd", {
                    vnd: formatVnd(locale, results.pointsValueVnd),
                    rate: formatVnd(locale, results.pointValueVnd ?? 0),
                  })}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t("games.results.vouchers")}</dt>
          <dd>
            {n(results.vouchersGiven)}
            <span className="games-stat-note">
              {t("games.results.vouchersWorth", { points: n(results.vouchersPointsCost) })}
              {results.pointValueVnd !== null && ` ≈ ${formatVnd(locale, results.vouchersPointsCost * results.pointValueVnd)}`}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t("games.results.playsSpent")}</dt>
          <dd>
            {n(results.pointsSpentOnPlays)}
            <span className="games-stat-note">{t("games.results.playsSpentNote")}</span>
          </dd>
        </div>
      </dl>

      <section className="games-results-section" aria-labelledby="games-results-days">
        <h4 id="games-results-days">{t("games.results.overTime")}</h4>
        {results.spins === 0 && checkins.checkins === 0 ? (
          <p className="empty-state">{t("games.results.noActivity")}</p>
        ) : (
          <DayChart
            label={t("games.results.overTime")}
            data={series}
            locale={locale}
            series={
              [
                { key: "spins", name: t("games.results.spins"), kind: "bar", colour: "#93c5fd" },
                { key: "wins", name: t("games.results.wins"), kind: "bar", colour: "#2563eb" },
                { key: "checkins", name: t("games.results.checkins.count"), kind: "line", colour: "#0b6e4f" },
              ] satisfies DaySeries[]
            }
          />
        )}
      </section>

      <div className="games-results-grid">
        <section className="games-results-section">
          <table className="table games-results-table">
            <caption>{t("games.results.bySegment")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("games.col.segment")}</th>
                <th scope="col">{t("games.col.draws")}</th>
                <th scope="col" className="num">
                  {t("games.col.stock")}
                </th>
              </tr>
            </thead>
            <tbody>
              {results.bySegment.map((s) => (
                <tr key={s.segmentId}>
                  <td>{s.label[locale]}</td>
                  <td>
                    <span className="games-bar-cell">
                      <Bar share={s.draws / max} />
                      <span>{n(s.draws)}</span>
                    </span>
                  </td>
                  <td className="num">
                    {s.prize === "nothing" ? (
                      "—"
                    ) : s.stockLeft === null ? (
                      <span title={t("games.unlimited")} aria-label={t("games.unlimited")}>
                        ∞
                      </span>
                    ) : (
                      n(s.stockLeft)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="games-results-section">
          <table className="table games-results-table">
            <caption>{t("games.results.plays")}</caption>
            <tbody>
              {PLAY_GRANT_SOURCES.map((source) => (
                <tr key={source}>
                  <th scope="row">{t(`games.results.source.${source}`)}</th>
                  <td className="num">{n(results.playsGranted[source] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <div className="games-results-grid">
        <section className="games-results-section" aria-labelledby="games-results-checkins">
          <h4 id="games-results-checkins">{t("games.results.checkins")}</h4>
          <p className="muted">
            {t("games.results.checkins.summary", {
              checkins: n(checkins.checkins),
              members: n(checkins.members),
              points: n(checkins.pointsGiven),
            })}
          </p>
          <table className="table games-results-table">
            <caption>{t("games.results.streaks", { date: periodLabel(results.period.to) })}</caption>
            <tbody>
              {checkins.streaks.map((s) => (
                <tr key={s.cycleDay}>
                  <th scope="row">{t("games.results.streakDay", { day: s.cycleDay })}</th>
                  <td>
                    <span className="games-bar-cell">
                      <Bar share={s.members / streakMax} green />
                      <span>{n(s.members)}</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="games-results-section" aria-labelledby="games-results-referrals">
          <h4 id="games-results-referrals">{t("games.results.referrals")}</h4>
          <ol className="games-funnel">
            {FUNNEL.map((step) => (
              <li key={step}>
                <span className="games-funnel-label">{t(`games.results.funnel.${step}`)}</span>
                <span className="games-funnel-track" aria-hidden="true">
                  <span
                    className="games-funnel-fill"
                    style={{ width: `${referrals.invited ? (referrals[step] / referrals.invited) * 100 : 0}%` }}
                  />
                </span>
                <strong>{n(referrals[step])}</strong>
                <span className="muted games-funnel-share">{formatPercent(locale, referrals[step], referrals.invited)}</span>
              </li>
            ))}
          </ol>
          <p className="muted">
            {referrals.invited === 0
              ? t("games.results.funnel.empty")
              : t("games.results.funnel.note", {
                  rejected: n(referrals.rejected),
                  reversed: n(referrals.reversed),
                  points: n(referrals.pointsGiven),
                })}
          </p>
        </section>
      </div>
    </div>
  );
}
