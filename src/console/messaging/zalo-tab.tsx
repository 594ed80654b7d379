import { useState, type ReactNode } from "react";
import type { z } from "zod";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import type { ConnectionCheckView, ZaloLinkView } from "../../contract/zalo-link";
import { SITE_VERIFICATION_PATTERN } from "../../domain/messaging/zalo-link";
import { ApiError } from "../../client/api-client";
import { useAuth } from "../auth-context";
import { errorMessageKey } from "../common/api-errors";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { formatDateTime, formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { OaConnectPanel } from "./oa-connect-panel";

type Link = z.infer<typeof ZaloLinkView>;
type Check = z.infer<typeof ConnectionCheckView>;

/**
 * "Kết nối Zalo" (admins): everything a brand registers at Zalo and whether it works, in the
 * order an admin sets it up — connect the OA, paste the webhook URL, verify the domain, then
 * "check connection", which says in words what is wrong (docs/zalo-setup.md).
 */
export function ZaloTab() {
  const { t } = useLocale();
  const link = useApiResource(messagingEndpoints.zaloLink);
  return (
    <div className="messaging-tab zalo-tab">
      <OaConnectPanel />
      {link.state.status === "loading" && (
        <div className="skeleton-card" aria-busy="true" data-testid="zalo-skeleton">
          {[0, 1, 2].map((i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      )}
      {link.state.status === "error" && <LoadError title={t("msg.zalo.error")} code={link.state.error.code} onRetry={link.reload} />}
      {link.state.status === "ready" && (
        <>
          <CheckCard link={link.state.data} onChecked={link.reload} />
          <WebhookCard link={link.state.data} />
          <VerificationCard link={link.state.data} onSaved={link.reload} />
          <MiniAppCard link={link.state.data} />
        </>
      )}
    </div>
  );
}

function Card({ id, title, hint, children }: { id: string; title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <header className="card-header">
        <h2 id={id}>{title}</h2>
        {hint && <p className="muted">{hint}</p>}
      </header>
      <div className="card-body">{children}</div>
    </section>
  );
}

/** A value to paste into Zalo's console, with a copy button (the text stays selectable without it). */
function Copyable({ value, label }: { value: string; label: string }) {
  const { t } = useLocale();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard (http, or refused): the value is on screen to select by hand.
    }
  };
  return (
    <span className="copyable">
      <code aria-label={label}>{value}</code>
      <button type="button" className="button button-sm" onClick={() => void copy()}>
        {t(copied ? "msg.zalo.copied" : "msg.zalo.copy")}
      </button>
    </span>
  );
}

function CheckCard({ link, onChecked }: { link: Link; onChecked: () => void }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<Check | null>(null);
  const shown = result ?? link.lastCheck;
  if (link.transport === "sandbox") return null;

  const run = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setResult(await api.request(messagingEndpoints.checkConnection, {}));
      onChecked();
    } catch (e) {
      setFailure(t(errorMessageKey(e instanceof ApiError ? e.code : "network")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card id="zalo-check-title" title={t("msg.zalo.check.title")} hint={t("msg.zalo.check.hint")}>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {shown && (
        <>
          <ul className="check-list" aria-label={t("msg.zalo.check.title")}>
            {shown.checks.map((c) => (
              <li key={c.check} className={`check-item check-${c.result === "ok" ? "ok" : c.result === "skipped" ? "skipped" : "fail"}`}>
                <span className="check-mark" aria-hidden="true">
                  {c.result === "ok" ? "✓" : c.result === "skipped" ? "–" : "!"}
                </span>
                <span>
                  <span className="strong">{t(`msg.zalo.check.step.${c.check}`)}</span>
                  <span className="check-text">{t(`msg.zalo.check.result.${c.result}`, { code: c.zaloError ?? "—" })}</span>
                </span>
              </li>
            ))}
          </ul>
          <p className="muted">
            {t("msg.zalo.check.at", { at: formatDateTime(locale, shown.at) })}
            {shown.oaName && ` · ${t("msg.zalo.oaName")}: ${shown.oaName}`}
            {shown.dailyQuota !== null &&
              ` · ${t("msg.zalo.quota", { daily: formatNumber(locale, shown.dailyQuota), left: formatNumber(locale, shown.remainingQuota ?? 0) })}`}
          </p>
        </>
      )}
      <button type="button" className="button button-primary" onClick={() => void run()} disabled={busy}>
        {t(busy ? "msg.zalo.check.running" : "msg.zalo.check.run")}
      </button>
    </Card>
  );
}

function WebhookCard({ link }: { link: Link }) {
  const { t, locale } = useLocale();
  const w = link.webhook;
  const badge = w.health === "ok" ? "badge-live" : w.health === "not_needed" ? "" : "badge-warn";
  return (
    <Card id="zalo-webhook-title" title={t("msg.zalo.webhook.title")} hint={t("msg.zalo.webhook.hint")}>
      <dl className="facts">
        <dt>{t("msg.zalo.webhook.url")}</dt>
        <dd>
          <Copyable value={w.url} label={t("msg.zalo.webhook.url")} />
        </dd>
        <dt>{t("msg.zalo.webhook.state")}</dt>
        <dd>
          <span className={`badge ${badge}`}>{t(`msg.zalo.webhook.health.${w.health}`)}</span>
        </dd>
        {w.lastEventAt && (
          <>
            <dt>{t("msg.zalo.webhook.last")}</dt>
            <dd>
              {formatDateTime(locale, w.lastEventAt)} · <code>{w.lastEventName}</code>
            </dd>
          </>
        )}
      </dl>
      {(w.health === "never" || w.health === "silent") && (
        <p className="alert alert-warn" role="status">
          {t(`msg.zalo.webhook.warn.${w.health}`)}
        </p>
      )}
      {w.lastRejectedAt && (!w.lastEventAt || w.lastRejectedAt > w.lastEventAt) && (
        <p className="alert alert-error" role="alert">
          {t("msg.zalo.webhook.rejected", { at: formatDateTime(locale, w.lastRejectedAt) })}
        </p>
      )}
    </Card>
  );
}

function VerificationCard({ link, onSaved }: { link: Link; onSaved: () => void }) {
  const { t } = useLocale();
  const { api } = useAuth();
  const v = link.siteVerification;
  const [code, setCode] = useState(v.code ?? "");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const trimmed = code.trim();
  const invalid = trimmed !== "" && !SITE_VERIFICATION_PATTERN.test(trimmed);

  const save = async (next: string | null) => {
    setBusy(true);
    setFailure(null);
    try {
      await api.request(messagingEndpoints.siteVerification, { body: { code: next } });
      if (next === null) setCode("");
      onSaved();
    } catch (e) {
      setFailure(t(errorMessageKey(e instanceof ApiError ? e.code : "network")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card id="zalo-verify-title" title={t("msg.zalo.verify.title")} hint={t("msg.zalo.verify.hint")}>
      <form
        className="zalo-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!invalid && trimmed) void save(trimmed);
        }}
      >
        <label className="field">
          <span className="field-label">{t("msg.zalo.verify.code")}</span>
          <input
            className="input"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            maxLength={128}
            aria-invalid={invalid}
            aria-describedby="zalo-verify-help"
            placeholder="zalo_verifier…"
            autoComplete="off"
          />
          <span id="zalo-verify-help" className={invalid ? "field-error" : "field-hint"}>
            {t(invalid ? "msg.zalo.verify.invalid" : "msg.zalo.verify.help")}
          </span>
        </label>
        <div className="copyable">
          <button type="submit" className="button button-primary" disabled={busy || invalid || !trimmed || trimmed === v.code}>
            {t("msg.zalo.verify.save")}
          </button>
          {v.code && (
            <button type="button" className="button" disabled={busy} onClick={() => void save(null)}>
              {t("msg.zalo.verify.remove")}
            </button>
          )}
        </div>
      </form>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {v.fileUrl && v.metaTag && (
        <dl className="facts">
          <dt>{t("msg.zalo.verify.file")}</dt>
          <dd>
            <a href={v.fileUrl} target="_blank" rel="noreferrer">
              {v.fileUrl}
            </a>
          </dd>
          <dt>{t("msg.zalo.verify.meta")}</dt>
          <dd>
            <Copyable value={v.metaTag} label={t("msg.zalo.verify.meta")} />
          </dd>
        </dl>
      )}
    </Card>
  );
}

function MiniAppCard({ link }: { link: Link }) {
  const { t } = useLocale();
  return (
    <Card id="zalo-miniapp-title" title={t("msg.zalo.miniApp.title")} hint={t("msg.zalo.miniApp.hint")}>
      <dl className="facts">
        <dt>{t("msg.zalo.miniApp.id")}</dt>
        <dd>{link.miniApp.appId ?? t("msg.zalo.miniApp.none")}</dd>
        <dt>{t("msg.zalo.miniApp.deepLink")}</dt>
        <dd>
          <Copyable value={link.miniApp.deepLinkBase} label={t("msg.zalo.miniApp.deepLink")} />
        </dd>
      </dl>
    </Card>
  );
}
