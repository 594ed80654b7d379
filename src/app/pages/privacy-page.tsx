import { useAtomValue, useSetAtom } from "jotai";
import { useCallback, useEffect, useId, useState } from "react";
import { Button, Page, Switch, useNavigate } from "zmp-ui";
import type { MyConsents } from "../../contract/preferences";
import type { ConsentPurpose, ZaloPermission } from "../../domain/consent/purposes";
import { LockIcon, PhoneIcon } from "../components/icons";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { Redirect } from "../components/redirect";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { useErrorToast, useSuccessToast } from "../components/use-toast";
import { errorKey } from "../i18n/error-key";
import { useFormatDate, useFormatDateTime, useT } from "../i18n/use-t";
import { askInteractOA, askPhoneNumber, askSendNotification, type ZaloPromptOutcome } from "../platform/zalo-permissions";
import { ROUTES } from "../routes";
import { failureCode } from "../state/api";
import { consentsAtom, loadConsentsAtom, postConsentAtom, postZaloAnswerAtom, sharePhoneAtom } from "../state/consents";
import { localeAtom } from "../state/locale";
import { meAtom } from "../state/session";

type Purpose = MyConsents["purposes"][number];

const HISTORY_PAGE = 8;

/**
 * "Quyền riêng tư & đồng ý": one switch per purpose. Our record comes first; Zalo's own
 * prompt for a purpose is shown only after the server has recorded the member's yes, and its
 * answer is recorded too (Decree 13/2023: consent for a stated purpose, provable).
 */
export function PrivacyPage() {
  const t = useT();
  const me = useAtomValue(meAtom);
  const locale = useAtomValue(localeAtom);
  const navigate = useNavigate();
  const toast = useSuccessToast();
  const toastError = useErrorToast();
  const sharePhone = useSetAtom(sharePhoneAtom);
  const load = useAtomValue(consentsAtom);
  const loadConsents = useSetAtom(loadConsentsAtom);
  const postConsent = useSetAtom(postConsentAtom);
  const postZaloAnswer = useSetAtom(postZaloAnswerAtom);
  /** The switch position shown while a change is on its way; gone once the server answered. */
  const [pending, setPending] = useState<Partial<Record<ConsentPurpose, boolean>>>({});
  const [asking, setAsking] = useState<ConsentPurpose | null>(null);

  const reload = useCallback((quiet: boolean) => loadConsents({ quiet }), [loadConsents]);

  useEffect(() => {
    void reload(false);
  }, [reload]);

  if (me && !me.user.isMember) return <Redirect to={ROUTES.start} />;

  async function toggle(purpose: Purpose, granted: boolean) {
    setPending((p) => ({ ...p, [purpose.purpose]: granted }));
    let consents: MyConsents;
    try {
      consents = await postConsent({ purpose: purpose.purpose, granted, wordingVersion: purpose.version });
    } catch (err) {
      const code = failureCode(err);
      toastError(t(errorKey(code)));
      // The text on screen is older than the server's: show the current wording.
      if (code === "consent_wording_outdated") void reload(true);
      return;
    } finally {
      setPending((p) => {
        const rest = { ...p };
        delete rest[purpose.purpose];
        return rest;
      });
    }
    toast(t(granted ? "privacy.turnedOn" : "privacy.turnedOff", { title: purpose[locale].title }));
    const now = consents.purposes.find((p) => p.purpose === purpose.purpose);
    if (granted && now?.granted && purpose.zaloPermission) await askZalo(purpose.purpose, purpose.zaloPermission, consents);
  }

  /** Zalo's prompt for a purpose the server has recorded as granted, then its answer recorded. */
  async function askZalo(purpose: ConsentPurpose, permission: ZaloPermission, consents: MyConsents) {
    // The phone prompt is only for getting a number: with one on file there is nothing to ask.
    if (permission === "phone" && consents.hasPhone) return;
    setAsking(purpose);
    try {
      const outcome = await promptFor(permission, consents.oaId);
      await postZaloAnswer({ purpose, permission, outcome });
    } catch (err) {
      toastError(t(errorKey(failureCode(err))));
    } finally {
      setAsking(null);
    }
  }

  async function promptFor(permission: ZaloPermission, oaId: string | null): Promise<ZaloPromptOutcome> {
    if (permission === "requestSendNotification") return askSendNotification();
    if (permission === "interactOA") return askInteractOA(oaId);
    const answer = await askPhoneNumber();
    if (answer.outcome !== "allowed") return answer.outcome;
    try {
      const phone = await sharePhone(answer.token);
      toast(t("privacy.phoneSaved", { phone }));
    } catch (err) {
      // Zalo did say yes; only our exchange of its token failed, and the member is told why.
      toastError(t(errorKey(failureCode(err))));
    }
    return "allowed";
  }

  return (
    <Page className="page">
      <PageTitle title={t("privacy.heading")} back />
      <p className="muted">{t("privacy.lead")}</p>
      {load.status === "loading" && <PrivacySkeleton label={t("common.loading")} />}
      {load.status === "error" && (
        <div className="stack-12">
          <Notice tone="error">{t(errorKey(load.code) === "error.generic" ? "privacy.loadError" : errorKey(load.code))}</Notice>
          <Button variant="secondary" fullWidth onClick={() => void reload(false)}>
            {t("common.retry")}
          </Button>
        </div>
      )}
      {load.status === "ready" && (
        <>
          <ul className="purposes">
            {load.data.purposes.map((purpose) => (
              <PurposeRow
                key={purpose.purpose}
                purpose={purpose}
                consents={load.data}
                shown={pending[purpose.purpose] ?? purpose.granted}
                busy={pending[purpose.purpose] !== undefined || asking === purpose.purpose}
                onToggle={(granted) => void toggle(purpose, granted)}
                onAskAgain={() => purpose.zaloPermission && void askZalo(purpose.purpose, purpose.zaloPermission, load.data)}
                onAddPhone={() => navigate(ROUTES.phone)}
                onToMyData={() => navigate(ROUTES.myData)}
              />
            ))}
          </ul>
          <ConsentHistory consents={load.data} />
        </>
      )}
    </Page>
  );
}

type RowProps = {
  purpose: Purpose;
  consents: MyConsents;
  shown: boolean;
  busy: boolean;
  onToggle: (granted: boolean) => void;
  onAskAgain: () => void;
  onAddPhone: () => void;
  onToMyData: () => void;
};

function PurposeRow({ purpose, consents, shown, busy, onToggle, onAskAgain, onAddPhone, onToMyData }: RowProps) {
  const t = useT();
  const locale = useAtomValue(localeAtom);
  const formatDate = useFormatDate();
  const switchId = useId();
  const bodyId = useId();
  const text = purpose[locale];
  const phonePurpose = purpose.zaloPermission === "phone";
  // For the phone purposes what matters is whether a number is on file, which the notice
  // below covers; Zalo's answer to its phone prompt would only repeat it.
  const zaloState = purpose.granted && purpose.zaloPermission && !phonePurpose ? purpose.zalo : null;
  const canAskAgain = zaloState !== null && zaloState !== "allowed" && !(purpose.zaloPermission === "interactOA" && !consents.oaId);

  return (
    <li className={`purpose ${purpose.required ? "purpose--required" : ""}`}>
      <label className="purpose__head" htmlFor={switchId}>
        <span className="purpose__title">{text.title}</span>
        <Switch
          id={switchId}
          role="switch"
          aria-describedby={bodyId}
          // The required purpose shows its true state, locked: it ends only with the account.
          checked={purpose.required ? true : shown}
          disabled={purpose.required || busy}
          onChange={(e) => onToggle(e.target.checked)}
        />
      </label>
      <p className="purpose__body" id={bodyId}>
        {text.body}
      </p>
      {purpose.required ? (
        <div className="purpose__note">
          <LockIcon size={18} />
          <span>
            {t("privacy.requiredNote")}{" "}
            <button type="button" className="link-button link-button--inline" onClick={onToMyData}>
              {t("privacy.toMyData")}
            </button>
          </span>
        </div>
      ) : (
        purpose.granted && purpose.since && <p className="purpose__since">{t("privacy.since", { date: formatDate(purpose.since) })}</p>
      )}
      {zaloState && (
        <p className={`purpose__zalo purpose__zalo--${zaloState}`} data-testid={`zalo-${purpose.purpose}`}>
          {t(`privacy.zalo.${zaloState}`)}
          {canAskAgain && (
            <button type="button" className="link-button link-button--inline" disabled={busy} onClick={onAskAgain}>
              {t("privacy.askAgain")}
            </button>
          )}
        </p>
      )}
      {phonePurpose && purpose.granted && !consents.hasPhone && (
        <div className="purpose__phone">
          <p className="small">{t("privacy.needPhone")}</p>
          <Button size="small" variant="secondary" prefixIcon={<PhoneIcon size={18} />} onClick={onAddPhone}>
            {t("privacy.addPhone")}
          </Button>
        </div>
      )}
    </li>
  );
}

function ConsentHistory({ consents }: { consents: MyConsents }) {
  const t = useT();
  const locale = useAtomValue(localeAtom);
  const formatDateTime = useFormatDateTime();
  const [all, setAll] = useState(false);
  const titles = new Map(consents.purposes.map((p) => [p.purpose, p[locale].title]));
  const events = [...consents.history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const shown = all ? events : events.slice(0, HISTORY_PAGE);

  return (
    <section className="panel" aria-labelledby="consent-history">
      <h2 className="panel__title" id="consent-history">
        {t("privacy.history")}
      </h2>
      {events.length === 0 ? (
        <p className="muted small">{t("privacy.historyEmpty")}</p>
      ) : (
        <ol className="consent-history" aria-labelledby="consent-history">
          {shown.map((e, i) => (
            <li key={`${e.at}-${e.purpose}-${i}`} className="consent-history__row">
              <span className={`status-badge ${e.granted ? "status-badge--issued" : "status-badge--used"}`}>
                {t(e.granted ? "privacy.historyGranted" : "privacy.historyWithdrawn")}
              </span>
              <span className="consent-history__text">
                <span className="consent-history__title">{titles.get(e.purpose) ?? e.purpose}</span>
                <time className="consent-history__at" dateTime={e.at}>
                  {formatDateTime(e.at)}
                </time>
              </span>
            </li>
          ))}
        </ol>
      )}
      {!all && events.length > HISTORY_PAGE && (
        <Button variant="tertiary" fullWidth onClick={() => setAll(true)}>
          {t("privacy.historyMore")}
        </Button>
      )}
    </section>
  );
}

function PrivacySkeleton({ label }: { label: string }) {
  return (
    <PageSkeleton label={label}>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="purpose">
          <div className="purpose__head">
            <Skeleton width="60%" height={18} />
            <Skeleton width={44} height={26} radius={13} />
          </div>
          <Skeleton height={13} />
          <Skeleton width="75%" height={13} />
        </div>
      ))}
    </PageSkeleton>
  );
}
