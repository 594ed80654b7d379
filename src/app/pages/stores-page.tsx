import { useAtomValue } from "jotai";
import { useCallback, useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import type { PublicStoreList } from "../../contract/stores";
import { openStateAt, WEEKDAYS, type OpeningHours, type Weekday } from "../../domain/stores/stores";
import { EmptyState } from "../components/empty-state";
import { ClockIcon, PhoneIcon, StoreIcon } from "../components/icons";
import { LoadFailed } from "../components/load-failed";
import { PageTitle } from "../components/page-title";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { useNow } from "../components/use-now";
import { usePageEntry } from "../components/use-page-entry";
import { translate, type TParams } from "../i18n/use-t";
import { isInsideZalo } from "../platform/environment";
import { callStore, openDirections } from "../platform/store-sdk";
import { ROUTES } from "../routes";
import { api, failureCode, withSession, type FailureCode } from "../state/api";
import { storeEndpoints } from "../../contract/endpoints/stores";
import { localeAtom } from "../state/locale";
import { S } from "./stores-styles";

/* The store list's words, shipped with its chunk (docs/adding-a-page.md): Vietnamese first. */
const vi = {
  title: "Cửa hàng",
  loading: "Đang tải danh sách cửa hàng…",
  empty: "Chưa có cửa hàng nào",
  emptyHint: "Thương hiệu chưa thêm cửa hàng. Quay lại thẻ thành viên của bạn.",
  backToCard: "Về thẻ thành viên",
  openNow: "Đang mở cửa",
  closesAt: "Đóng cửa lúc {time}",
  closed: "Đã đóng cửa",
  opensToday: "Mở cửa lúc {time}",
  opensTomorrow: "Mở cửa lúc {time} ngày mai",
  opensOn: "Mở cửa {day} lúc {time}",
  closedForNow: "Tạm ngừng mở cửa",
  call: "Gọi",
  directions: "Chỉ đường",
  hours: "Giờ mở cửa",
  dayClosed: "Nghỉ",
  mon: "Thứ 2",
  tue: "Thứ 3",
  wed: "Thứ 4",
  thu: "Thứ 5",
  fri: "Thứ 6",
  sat: "Thứ 7",
  sun: "Chủ nhật",
} as const;
type Key = keyof typeof vi;
const en: Record<Key, string> = {
  title: "Stores",
  loading: "Loading stores…",
  empty: "No stores yet",
  emptyHint: "The brand has not added its stores yet. Go back to your card.",
  backToCard: "Back to my card",
  openNow: "Open now",
  closesAt: "Closes at {time}",
  closed: "Closed",
  opensToday: "Opens at {time}",
  opensTomorrow: "Opens tomorrow at {time}",
  opensOn: "Opens {day} at {time}",
  closedForNow: "Closed for now",
  call: "Call",
  directions: "Directions",
  hours: "Opening hours",
  dayClosed: "Closed",
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

function useStoresT() {
  const locale = useAtomValue(localeAtom);
  return useCallback((key: Key, params?: TParams) => translate(locale === "en" ? en : vi, key, params), [locale]);
}

type State = { status: "loading" } | { status: "ready"; data: PublicStoreList } | { status: "error"; code: FailureCode };

/** The brand's stores for shoppers (issue 16): open or closed now, call, directions. From the account page. */
export function StoresPage() {
  const t = useStoresT();
  const navigate = useNavigate();
  const [state, setState] = useState<State>({ status: "loading" });
  const load = useCallback(() => {
    setState((s) => (s.status === "ready" ? s : { status: "loading" }));
    withSession(() => api.request(storeEndpoints.listStores)).then(
      (data) => setState({ status: "ready", data }),
      (err: unknown) => setState({ status: "error", code: failureCode(err) }),
    );
  }, []);
  usePageEntry(load);

  return (
    <Page className="page stores-page">
      <PageTitle title={t("title")} back />
      {state.status === "loading" && (
        <PageSkeleton label={t("loading")}>
          <Skeleton height={132} radius={16} />
          <Skeleton height={132} radius={16} />
        </PageSkeleton>
      )}
      {state.status === "error" && <LoadFailed code={state.code} onRetry={load} />}
      {state.status === "ready" && state.data.stores.length === 0 && (
        <EmptyState icon={<StoreIcon size={28} />} title={t("empty")} hint={t("emptyHint")}>
          <Button variant="secondary" onClick={() => navigate(ROUTES.card)}>
            {t("backToCard")}
          </Button>
        </EmptyState>
      )}
      {state.status === "ready" && state.data.stores.length > 0 && (
        <ul className="store-list" style={S.list}>
          {state.data.stores.map((s) => (
            <StoreCard key={s.id} store={s} offsetMinutes={state.data.utcOffsetMinutes} />
          ))}
        </ul>
      )}
    </Page>
  );
}

function StoreCard({ store, offsetMinutes }: { store: PublicStoreList["stores"][number]; offsetMinutes: number }) {
  const t = useStoresT();
  // Re-rendered each minute, so "open now" turns to "closed" at closing time without a reload.
  const now = useNow(60_000);
  const [showHours, setShowHours] = useState(false);
  const state = openStateAt(store.openingHours, now, offsetMinutes * 60_000);
  const day = (d: Weekday) => t(d);
  const status =
    state.state === "unknown"
      ? null
      : state.state === "open"
        ? { open: true, text: t("openNow"), detail: t("closesAt", { time: state.closesAt }) }
        : {
            open: false,
            text: t("closed"),
            detail: !state.opensAt
              ? t("closedForNow")
              : state.opensAt.today
                ? t("opensToday", { time: state.opensAt.time })
                : state.opensAt.tomorrow
                  ? t("opensTomorrow", { time: state.opensAt.time })
                  : t("opensOn", { day: day(state.opensAt.day), time: state.opensAt.time }),
          };
  return (
    <li className="store-card" style={S.card}>
      <h2 className="store-card__name" style={S.name}>
        {store.name}
      </h2>
      {store.address && (
        <p className="store-card__address" style={S.address}>
          {store.address}
        </p>
      )}
      {status && (
        <button
          type="button"
          className="store-card__status"
          style={S.status}
          aria-expanded={showHours}
          onClick={() => setShowHours((v) => !v)}
        >
          <ClockIcon size={16} />
          <span className={status.open ? "store-open" : "store-closed"} style={status.open ? S.open : S.closed}>
            {status.text}
          </span>
          <span style={S.muted}>· {status.detail}</span>
        </button>
      )}
      {showHours && store.openingHours && <HoursTable hours={store.openingHours} day={day} closed={t("dayClosed")} label={t("hours")} />}
      {(store.phone || store.mapUrl) && (
        <div className="store-card__actions" style={S.actions}>
          {store.phone && (
            <a
              className="store-card__action"
              style={{ ...S.action, ...S.actionSecondary }}
              href={`tel:${store.phone.replace(/[\s.-]/g, "")}`}
              onClick={(e) => {
                // Inside Zalo its call screen; outside, the tel: link itself.
                if (!isInsideZalo()) return;
                e.preventDefault();
                void callStore(store.phone!);
              }}
            >
              <PhoneIcon size={18} />
              <span>{t("call")}</span>
            </a>
          )}
          {store.mapUrl && (
            <a
              className="store-card__action"
              style={S.action}
              href={store.mapUrl}
              target="_blank"
              rel="noopener noreferrer"
              onClick={(e) => {
                // Inside Zalo the webview opens it; outside, the link's own new tab does.
                if (isInsideZalo()) {
                  e.preventDefault();
                  void openDirections(store.mapUrl!).then((done) => {
                    if (!done) window.open(store.mapUrl!, "_blank", "noopener");
                  });
                }
              }}
            >
              <StoreIcon size={18} />
              <span>{t("directions")}</span>
            </a>
          )}
        </div>
      )}
    </li>
  );
}

function HoursTable({ hours, day, closed, label }: { hours: OpeningHours; day: (d: Weekday) => string; closed: string; label: string }) {
  return (
    <table className="store-hours" style={S.hours} aria-label={label}>
      <tbody>
        {WEEKDAYS.map((d) => (
          <tr key={d}>
            <th scope="row" style={S.hoursDay}>
              {day(d)}
            </th>
            <td>{hours[d] ? `${hours[d].open}–${hours[d].close}` : closed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
