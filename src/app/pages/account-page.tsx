import { useAtom, useAtomValue, useSetAtom } from "jotai";
import { useEffect, useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import type { Locale } from "../../domain/locale/locale";
import { useTabRoutes } from "../components/bottom-nav";
import {
  ChevronRightIcon,
  FileIcon,
  FlaskIcon,
  GlobeIcon,
  LogOutIcon,
  ShieldIcon,
  SlidersIcon,
  StarIcon,
  StoreIcon,
  TicketIcon,
} from "../components/icons";
import { MemberAvatar } from "../components/member-avatar";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { Skeleton } from "../components/skeleton";
import { useSuccessToast } from "../components/use-toast";
import { SegmentedControl } from "../components/segmented-control";
import { errorKey } from "../i18n/error-key";
import { loadEnglish, useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { isInsideZalo } from "../platform/environment";
import { ROUTES } from "../routes";
import { failureCode } from "../state/api";
import { cardAtom, loadCardAtom } from "../state/card";
import { localeAtom } from "../state/locale";
import { logoutAtom, meAtom, switchDevRoleAtom } from "../state/session";
import { useSurveyT } from "./survey/strings";

type DevRole = "member" | "staff";

export function AccountPage() {
  const t = useT();
  const st = useSurveyT();
  const me = useAtomValue(meAtom);
  const card = useAtomValue(cardAtom);
  const [locale, setLocale] = useAtom(localeAtom);
  const loadCard = useSetAtom(loadCardAtom);
  const logout = useSetAtom(logoutAtom);
  const navigate = useNavigate();
  const vouchersIsTab = useTabRoutes().includes(ROUTES.vouchers);
  const isMember = me?.user.isMember === true;
  // The phone on file comes with the card. Opened before the card was read (or after that
  // failed), read it now: never offer to add a phone the member may already have shared.
  const cardUnknown = card.status === "loading" || card.status === "error";
  useEffect(() => {
    if (isMember && cardUnknown) void loadCard();
  }, [isMember, cardUnknown, loadCard]);
  if (!me) return null;
  const { user } = me;
  const who: MessageKey = user.role === "member" ? (user.isMember ? "account.as.member" : "account.as.guest") : `account.as.${user.role}`;

  return (
    <Page className="page page--tab">
      <PageTitle title={t("account.heading")} />
      <section className="profile">
        <MemberAvatar name={user.displayName} src={user.avatarUrl} size={56} />
        <div>
          <h2 className="profile__name">{user.displayName}</h2>
          <p className="muted" data-testid="account-role">
            {t(who, { brand: me.brand.name })}
          </p>
        </div>
      </section>

      <dl className="facts facts--card">
        {user.isMember && card.status !== "error" && card.status !== "notMember" && (
          <div>
            <dt>{t("account.phone")}</dt>
            <dd>
              {card.status === "loading" ? (
                <Skeleton width={120} height={16} />
              ) : (
                (card.card.phoneMasked ?? (
                  <button type="button" className="link-button" onClick={() => navigate(ROUTES.phone)}>
                    {t("card.addPhone")}
                  </button>
                ))
              )}
            </dd>
          </div>
        )}
        {user.stores.length > 0 && (
          <div>
            <dt>{t("account.store")}</dt>
            <dd>{user.stores.map((s) => s.name).join(", ")}</dd>
          </div>
        )}
      </dl>

      {user.isMember && (
        <nav className="menu" aria-labelledby="profile-links">
          <h2 className="menu__title" id="profile-links">
            {t("account.profileSection")}
          </h2>
          <div className="link-rows">
            <button type="button" className="link-row" onClick={() => navigate(ROUTES.preferences)}>
              <SlidersIcon size={20} />
              <span>{t("account.preferencesLink")}</span>
              <ChevronRightIcon size={20} />
            </button>
            <button type="button" className="link-row" onClick={() => navigate(ROUTES.privacy)}>
              <ShieldIcon size={20} />
              <span>{t("account.privacyLink")}</span>
              <ChevronRightIcon size={20} />
            </button>
            <button type="button" className="link-row" onClick={() => navigate(ROUTES.myData)}>
              <FileIcon size={20} />
              <span>{t("account.dataLink")}</span>
              <ChevronRightIcon size={20} />
            </button>
            <button type="button" className="link-row" onClick={() => navigate(ROUTES.stores)}>
              <StoreIcon size={20} />
              <span>{t("account.storesLink")}</span>
              <ChevronRightIcon size={20} />
            </button>
            <button type="button" className="link-row" onClick={() => navigate(ROUTES.surveys)}>
              <StarIcon size={20} />
              <span>{st("survey.accountLink")}</span>
              <ChevronRightIcon size={20} />
            </button>
            {!vouchersIsTab && (
              // Counter staff who are members have no Voucher tab (routes.ts: tabRoutesFor).
              <button type="button" className="link-row" onClick={() => navigate(ROUTES.vouchers)}>
                <TicketIcon size={20} />
                <span>{t("vouchers.heading")}</span>
                <ChevronRightIcon size={20} />
              </button>
            )}
          </div>
        </nav>
      )}

      <section className="setting">
        <h2 className="setting__title">
          <GlobeIcon size={20} /> {t("account.language")}
        </h2>
        <SegmentedControl<Locale>
          label={t("account.language")}
          value={locale}
          onChange={(next) => {
            // English is a chunk of its own: fetched first, so the page switches language in one
            // step instead of flashing a skeleton while it downloads.
            if (next === "en") void loadEnglish().then(() => setLocale(next));
            else setLocale(next);
          }}
          options={[
            { value: "vi", label: t("locale.vi") },
            { value: "en", label: t("locale.en") },
          ]}
        />
      </section>

      {me.devIdentity && (user.role === "member" || user.role === "staff") && <DevPanel role={user.role} />}

      {/* Inside Zalo the session is Zalo's own: signing out would sign straight back in. */}
      {!isInsideZalo() && (
        <Button fullWidth variant="secondary" type="danger" prefixIcon={<LogOutIcon size={20} />} onClick={() => void logout()}>
          {t("account.logout")}
        </Button>
      )}
    </Page>
  );
}

/**
 * Only when /me says devIdentity (the server has no Zalo app secret): lets a tester become
 * staff to try the counter flow. In production the server refuses POST /dev/role anyway.
 */
function DevPanel({ role }: { role: DevRole }) {
  const t = useT();
  const switchRole = useSetAtom(switchDevRoleAtom);
  const toast = useSuccessToast();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);

  async function change(next: DevRole) {
    setBusy(true);
    setProblem(null);
    try {
      await switchRole(next);
      toast(t("account.roleSwitched", { role: t(`role.${next}`) }));
    } catch (err) {
      setProblem(errorKey(failureCode(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="setting setting--dev" aria-labelledby="dev-panel-title">
      <h2 className="setting__title" id="dev-panel-title">
        <FlaskIcon size={20} /> {t("account.devPanel")}
      </h2>
      <p className="muted small">{t("account.devHint")}</p>
      <SegmentedControl<DevRole>
        label={t("account.devRole")}
        value={role}
        onChange={(next) => void change(next)}
        disabled={busy}
        options={[
          { value: "member", label: t("role.member") },
          { value: "staff", label: t("role.staff") },
        ]}
      />
      {problem && <Notice tone="error">{t(problem)}</Notice>}
    </section>
  );
}
