import { useAtomValue, useSetAtom } from "jotai";
import { useCallback, useState } from "react";
import { Button, Page, useLocation, useNavigate } from "zmp-ui";
import { storeEndpoints } from "../../contract/endpoints/stores";
import type { InvitePreview } from "../../contract/stores";
import { EmptyState } from "../components/empty-state";
import { AlertIcon, StoreIcon } from "../components/icons";
import { PageTitle } from "../components/page-title";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { usePageEntry } from "../components/use-page-entry";
import { errorKey } from "../i18n/error-key";
import { translate, useFormatDate, useFormatTime, useT, type TParams } from "../i18n/use-t";
import { ROUTES } from "../routes";
import { api, failureCode, withSession, type FailureCode } from "../state/api";
import { setSessionUser } from "../state/api-base";
import { localeAtom } from "../state/locale";
import { refreshMeAtom } from "../state/session";
import { S } from "./stores-styles";

const vi = {
  title: "Lời mời thu ngân",
  loading: "Đang mở lời mời…",
  heading: "{brand} mời bạn làm thu ngân",
  stores: "Bạn sẽ tích điểm và dùng voucher cho khách tại:",
  expires: "Lời mời hết hạn lúc {time} ngày {date}.",
  accept: "Nhận lời mời",
  accepting: "Đang nhận…",
  failedTitle: "Không nhận được lời mời",
  toCard: "Về trang chính",
  missing: "Liên kết mời thiếu mã. Hãy quét lại mã QR quản lý gửi bạn.",
} as const;
type Key = keyof typeof vi;
const en: Record<Key, string> = {
  title: "Cashier invite",
  loading: "Opening the invite…",
  heading: "{brand} invites you to work as a cashier",
  stores: "You will award points and use vouchers for shoppers at:",
  expires: "The invite expires at {time} on {date}.",
  accept: "Accept",
  accepting: "Accepting…",
  failedTitle: "Could not accept the invite",
  toCard: "Go to the start",
  missing: "The invite link has no code. Scan the QR your manager sent again.",
};

type State =
  | { status: "loading" }
  | { status: "ready"; invite: InvitePreview; accepting: boolean }
  | { status: "error"; code: FailureCode | "missing" };

/**
 * A cashier's invite (issue 16): the link or QR from the console opens /staff-invite?t=<token>;
 * the app has signed in with Zalo as on any start; the cashier sees the brand and stores and
 * accepts. The answer is a new session carrying the staff role: it replaces the stored one and
 * the app goes to the counter.
 */
export function StaffInvitePage() {
  const locale = useAtomValue(localeAtom);
  const it = useCallback((key: Key, params?: TParams) => translate(locale === "en" ? en : vi, key, params), [locale]);
  const t = useT();
  const formatDate = useFormatDate();
  const formatTime = useFormatTime();
  const navigate = useNavigate();
  const refreshMe = useSetAtom(refreshMeAtom);
  const token = new URLSearchParams(useLocation().search).get("t") ?? "";
  const [state, setState] = useState<State>({ status: "loading" });

  const load = useCallback(() => {
    if (!token) return setState({ status: "error", code: "missing" });
    withSession(() => api.request(storeEndpoints.previewStaffInvite, { body: { token } })).then(
      (invite) => setState({ status: "ready", invite, accepting: false }),
      (err: unknown) => setState({ status: "error", code: failureCode(err) }),
    );
  }, [token]);
  usePageEntry(load);

  const accept = async () => {
    if (state.status !== "ready") return;
    setState({ ...state, accepting: true });
    try {
      const login = await withSession(() => api.request(storeEndpoints.acceptStaffInvite, { body: { token } }));
      // The role lives in the access token: the new session replaces the old one.
      api.tokens.set(login.session);
      setSessionUser(login.user.id);
      await refreshMe();
      navigate(ROUTES.staff, { replace: true });
    } catch (err) {
      setState({ status: "error", code: failureCode(err) });
    }
  };

  return (
    <Page className="page staff-invite-page">
      <PageTitle title={it("title")} back />
      {state.status === "loading" && (
        <PageSkeleton label={it("loading")}>
          <Skeleton height={180} radius={16} />
        </PageSkeleton>
      )}
      {state.status === "error" && (
        <EmptyState
          icon={<AlertIcon size={28} />}
          title={it("failedTitle")}
          hint={state.code === "missing" ? it("missing") : t(errorKey(state.code))}
        >
          <Button variant="secondary" onClick={() => navigate(ROUTES.start, { replace: true })}>
            {it("toCard")}
          </Button>
        </EmptyState>
      )}
      {state.status === "ready" && (
        <div className="staff-invite" style={S.invite}>
          <section className="staff-invite__card" style={S.inviteCard}>
            <h2 style={S.inviteTitle}>{it("heading", { brand: state.invite.brandName })}</h2>
            <p>{it("stores")}</p>
            <ul className="staff-invite__stores" style={S.inviteStores}>
              {state.invite.stores.map((s) => (
                <li key={s.id}>
                  <StoreIcon size={16} /> {s.name}
                </li>
              ))}
            </ul>
            <p className="muted small">
              {it("expires", { time: formatTime(state.invite.expiresAt), date: formatDate(state.invite.expiresAt) })}
            </p>
          </section>
          <Button fullWidth loading={state.accepting} onClick={() => void accept()}>
            {it(state.accepting ? "accepting" : "accept")}
          </Button>
        </div>
      )}
    </Page>
  );
}
