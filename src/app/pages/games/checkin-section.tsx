import { useAtomValue, useSetAtom } from "jotai";
import { useState } from "react";
import { Button } from "zmp-ui";
import type { CheckinResponse, CheckinState } from "../../../contract/checkin";
import { Notice } from "../../components/notice";
import { Skeleton } from "../../components/skeleton";
import { useFormatNumber, useT } from "../../i18n/use-t";
import { buzz } from "../../platform/game-sdk";
import { failureCode, type FailureCode } from "../../state/api";
import { checkInAtom, checkinStateAtom, loadCheckinStateAtom } from "../../state/checkin";
import { CheckinCalendar, type CheckinDay } from "./checkin-calendar";
import { CalendarCheckIcon } from "./game-icons";
import { useGameProblem, useGameT } from "./strings";

/** The daily check-in: the 7-day streak calendar and the "Điểm danh" button (once a day; the server enforces it). */
export function CheckinSection() {
  const t = useT();
  const gt = useGameT();
  const state = useAtomValue(checkinStateAtom);
  const load = useSetAtom(loadCheckinStateAtom);

  if (state.status === "loading") {
    return (
      <section className="panel game-panel" aria-busy="true" aria-label={gt("checkin.heading")}>
        <Skeleton width="50%" height={20} />
        <Skeleton height={64} radius={12} />
        <Skeleton height={48} radius={12} />
      </section>
    );
  }
  if (state.status === "error") {
    return (
      <section className="panel game-panel" aria-label={gt("checkin.heading")}>
        <Notice tone="error">{gt("games.loadError")}</Notice>
        <Button variant="secondary" fullWidth onClick={() => void load()}>
          {t("common.retry")}
        </Button>
      </section>
    );
  }
  // Off for this brand: nothing to show (the console turns it on).
  if (!state.data.enabled) return null;
  return <CheckinPanel state={state.data} />;
}

function CheckinPanel({ state }: { state: CheckinState }) {
  const gt = useGameT();
  const formatNumber = useFormatNumber();
  const problemText = useGameProblem();
  const checkIn = useSetAtom(checkInAtom);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CheckinResponse | null>(null);
  const [problem, setProblem] = useState<FailureCode | null>(null);

  const days: CheckinDay[] = state.cycle.map((slot) => ({
    key: slot.date,
    label: gt("checkin.day", { n: slot.cycleDay }),
    points: slot.points,
    state:
      slot.status === "today_done" || slot.status === "checked"
        ? "checked"
        : slot.status === "today_open"
          ? "today"
          : slot.status === "missed"
            ? "missed"
            : "upcoming",
    isToday: slot.status === "today_open" || slot.status === "today_done",
  }));

  async function onCheckIn() {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const response = await checkIn();
      setDone(response);
      buzz(60);
    } catch (err) {
      const code = failureCode(err);
      // Already checked in today (another device, an earlier tap): the calendar, read again, says so.
      if (code !== "checkin_already_today") setProblem(code);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel game-panel" aria-labelledby="checkin-heading">
      <h2 className="panel__title panel__title--icon" id="checkin-heading">
        <CalendarCheckIcon size={22} /> {gt("checkin.heading")}
      </h2>
      {state.streak > 0 && (
        <p className="checkin-streak" data-testid="checkin-streak">
          {gt("checkin.streak", { days: formatNumber(state.streak) })}
        </p>
      )}
      <CheckinCalendar days={days} label={gt("checkin.calendar")} />
      {done && (
        <Notice tone="success">{gt("checkin.credited", { points: formatNumber(done.points), days: formatNumber(done.streak) })}</Notice>
      )}
      {problem && <Notice tone="error">{problemText(problem)}</Notice>}
      {state.checkedToday ? (
        <p className="muted small" data-testid="checkin-done">
          {gt("checkin.done")}
        </p>
      ) : (
        <Button fullWidth size="large" loading={busy} disabled={busy} onClick={() => void onCheckIn()}>
          {gt("checkin.button", { points: formatNumber(state.todayPoints) })}
        </Button>
      )}
      <p className="muted small">{state.streakBroken ? gt("checkin.broken") : gt("checkin.hint")}</p>
    </section>
  );
}
