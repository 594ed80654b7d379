import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { surveyEndpoints } from "../../contract/endpoints/surveys";
import type { ConsoleSurveyDetail } from "../../contract/surveys";
import { useAuth } from "../auth-context";
import { LoadError } from "../common/load-error";
import { useApiResource } from "../common/use-api-resource";
import { formatDate } from "../format";
import { translate } from "../i18n";
import { useLocale } from "../locale-context";
import { DownloadIcon } from "../shell/icons";
import { useStores } from "./use-stores";

/**
 * The survey's links and its in-store QR code: the plain deep link (the member answers as
 * themselves) and, for a chosen store, the signed link whose answers count for that store.
 * The code downloads as PNG (for chat and slides) and SVG (for print shops), and prints as an
 * A6 table card through the browser's print dialog: a print-only view, `@page { size: A6 }`
 * scoped to this tab by mounting the rule only while it is open.
 */
export function SurveyLinks({ survey }: { survey: ConsoleSurveyDetail }) {
  const { t, locale } = useLocale();
  const { state: auth } = useAuth();
  const brand = auth.status === "signedIn" ? auth.me.brand.name : "";
  const stores = useStores();
  const choices =
    stores.status === "ready" ? stores.data.stores.filter((s) => survey.storeIds === null || survey.storeIds.includes(s.id)) : [];
  const [storeId, setStoreId] = useState<string>("");
  const { state, reload } = useApiResource(surveyEndpoints.surveyLinks, {
    params: { surveyId: survey.id },
    query: storeId ? { storeId } : {},
  });
  const url = state.status === "ready" ? (state.data.store?.url ?? state.data.deepLink) : null;
  const svg = useQrSvg(url);
  const fileBase = `khao-sat-${survey.id.slice(0, 8)}${storeId ? `-${storeId.slice(0, 8)}` : ""}`;

  const downloadPng = async () => {
    if (!url) return;
    const dataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 2, width: 1024 });
    download(dataUrl, `${fileBase}.png`);
  };
  const downloadSvg = () => {
    if (!svg) return;
    const blob = new Blob([svg], { type: "image/svg+xml" });
    const href = URL.createObjectURL(blob);
    download(href, `${fileBase}.svg`);
    URL.revokeObjectURL(href);
  };

  return (
    <div className="survey-links">
      <style>{"@page { size: A6 portrait; margin: 0; }"}</style>
      {survey.status !== "active" && <p className="alert alert-info">{t("surveys.links.draftNote")}</p>}
      <section className="card">
        <label className="field-inline">
          <span>{t("surveys.links.store")}</span>
          <select className="select" value={storeId} onChange={(e) => setStoreId(e.target.value)}>
            <option value="">{t("surveys.links.storeNone")}</option>
            {choices.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {state.status === "loading" ? (
          <div className="skeleton-card" aria-busy="true">
            <span className="skeleton" />
            <span className="skeleton skeleton-block" style={{ height: 220 }} />
          </div>
        ) : state.status === "error" ? (
          <LoadError title={t("surveys.links.loadFailed")} code={state.error.code} onRetry={reload} />
        ) : (
          <div className="survey-links-body">
            <div className="survey-links-text">
              <CopyField label={t("surveys.links.deep")} hint={t("surveys.links.deepHint")} value={state.data.deepLink} />
              {state.data.store && (
                <CopyField
                  label={t("surveys.links.storeLink", { store: state.data.store.storeName })}
                  hint={t("surveys.links.storeHint", { date: formatDate(locale, state.data.store.expiresAt) })}
                  value={state.data.store.url}
                />
              )}
            </div>
            <figure className="survey-qr">
              {svg ? (
                <div
                  className="survey-qr-image"
                  role="img"
                  aria-label={t("surveys.links.qr")}
                  data-code={url ?? ""}
                  dangerouslySetInnerHTML={{ __html: svg }}
                />
              ) : (
                <div className="survey-qr-image chart-placeholder" />
              )}
              <div className="survey-qr-actions">
                <button type="button" className="button button-secondary button-sm" onClick={() => void downloadPng()} disabled={!svg}>
                  <DownloadIcon />
                  <span>{t("surveys.links.png")}</span>
                </button>
                <button type="button" className="button button-secondary button-sm" onClick={downloadSvg} disabled={!svg}>
                  <DownloadIcon />
                  <span>{t("surveys.links.svg")}</span>
                </button>
                <button type="button" className="button button-primary button-sm" onClick={() => window.print()} disabled={!svg}>
                  {t("surveys.links.print")}
                </button>
              </div>
            </figure>
          </div>
        )}
      </section>
      {svg && (
        <div className="survey-print-card" data-testid="print-card" lang="vi">
          <p className="print-brand">{brand}</p>
          {state.status === "ready" && state.data.store && <p className="print-store">{state.data.store.storeName}</p>}
          <p className="print-question">{survey.question.vi}</p>
          <div className="print-qr" dangerouslySetInnerHTML={{ __html: svg }} />
          <p className="print-scan">{vi("surveys.card.scan")}</p>
          <p className="print-steps">{vi("surveys.card.steps")}</p>
          {survey.rewardPoints > 0 && <p className="print-reward">{vi("surveys.card.reward", { points: survey.rewardPoints })}</p>}
        </div>
      )}
    </div>
  );
}

/** The card is for shoppers in the store: always Vietnamese, whatever the console's language. */
function vi(key: "surveys.card.scan" | "surveys.card.steps" | "surveys.card.reward", params?: Record<string, number>) {
  return translate("vi", key, params);
}

/** The QR code of `value` as SVG text (qrcode builds it in pure JS: no canvas needed). */
function useQrSvg(value: string | null): string | null {
  const [svg, setSvg] = useState<{ value: string; svg: string } | null>(null);
  useEffect(() => {
    if (!value) return;
    let live = true;
    void QRCode.toString(value, { type: "svg", errorCorrectionLevel: "M", margin: 2 }).then((text) => {
      if (live) setSvg({ value, svg: text });
    });
    return () => {
      live = false;
    };
  }, [value]);
  return svg && svg.value === value ? svg.svg : null;
}

function download(href: string, name: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

function CopyField({ label, hint, value }: { label: string; hint: string; value: string }) {
  const { t } = useLocale();
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <div className="copy-field">
        <input className="input" readOnly value={value} aria-label={label} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(() => {
              setCopied(true);
            })
          }
        >
          {copied ? t("surveys.links.copied") : t("surveys.links.copy")}
        </button>
      </div>
      <p className="field-hint">{hint}</p>
    </div>
  );
}
