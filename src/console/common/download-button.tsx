import { useId, useState, type ReactNode } from "react";
import type { ApiError, DownloadProgress } from "../../client/api-client";
import type { Endpoint } from "../../contract/endpoint";
import type { ExportFormat } from "../../contract/exports";
import { useAuth } from "../auth-context";
import { formatNumber } from "../format";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { errorMessageKey, toApiError } from "./api-errors";
import { saveBlob } from "./save-blob";

type Props = {
  className: string;
  labels: { idle: MessageKey; busy: MessageKey; failed: MessageKey };
  /** The sentence for a refusal's code (each section knows its own codes). */
  errorKey: (code: ApiError["code"]) => MessageKey;
  /** A refusal said in full by the section (e.g. a file too large, with its limit); null: the default sentence. */
  failureText?: (failure: ApiError) => string | null;
  /** Fetches the file with the console's token (api.download), in the format chosen, reporting progress. */
  fetchFile: (format: ExportFormat, onProgress: (progress: DownloadProgress) => void) => Promise<{ blob: Blob; filename: string | null }>;
  /** The file's name without extension when the server names none. */
  fallbackName: string;
  /** Offer CSV or Excel (an export); absent: CSV only. */
  formats?: boolean;
  primary?: boolean;
  icon?: ReactNode;
  /** A hint read with the button (title and screen readers). */
  hint?: string;
  onDone?: (filename: string) => void;
};

/**
 * A button that downloads an export from the API: the format (CSV or Excel) when the export has
 * both, the progress while the file streams (rows of the count the server announced for a CSV;
 * bytes for an Excel file, a zip whose rows cannot be counted as they arrive), and why it failed.
 */
export function DownloadButton(props: Props) {
  const { className, labels, errorKey, failureText, fetchFile, fallbackName, formats, primary, icon, hint, onDone } = props;
  const { t } = useLocale();
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const hintId = useId();
  const busy = progress !== null;
  async function run() {
    setProgress({ bytes: 0, rows: null, total: null });
    setFailure(null);
    try {
      const { blob, filename } = await fetchFile(format, setProgress);
      const name = filename ?? `${fallbackName}.${format}`;
      saveBlob(blob, name);
      onDone?.(name);
    } catch (caught) {
      setFailure(toApiError(caught));
    } finally {
      setProgress(null);
    }
  }
  return (
    <div className={className}>
      <div className="download-row">
        {formats && (
          <select
            className="select download-format"
            aria-label={t("export.format")}
            value={format}
            disabled={busy}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
          >
            <option value="csv">CSV</option>
            <option value="xlsx">Excel (.xlsx)</option>
          </select>
        )}
        <button
          type="button"
          className={`button ${primary ? "button-primary" : "button-secondary"}`}
          onClick={() => void run()}
          disabled={busy}
          aria-busy={busy}
          aria-describedby={hint ? hintId : undefined}
          title={hint}
        >
          {icon}
          <span>{busy ? t(labels.busy) : t(labels.idle)}</span>
        </button>
      </div>
      {hint && (
        <span id={hintId} className="sr-only">
          {hint}
        </span>
      )}
      {progress && progress.total !== null && <ExportProgress progress={{ ...progress, total: progress.total }} />}
      {failure && (
        <p role="alert" className="form-error">
          {failureText?.(failure) ?? `${t(labels.failed)} ${t(errorKey(failure.code))}`}
        </p>
      )}
    </div>
  );
}

/**
 * An export's button (survey answers, campaign recipients, members): CSV or Excel with progress,
 * in the console's language, the shared words. `query` adds the page's own filters.
 */
export function ExportButton(props: {
  endpoint: Endpoint & { mediaType: "spreadsheet" };
  params?: Record<string, string>;
  query?: Record<string, string>;
  fallbackName: string;
}) {
  const { api } = useAuth();
  const { locale } = useLocale();
  const { endpoint, params, query, fallbackName } = props;
  return (
    <DownloadButton
      className="export-button"
      formats
      labels={{ idle: "export.download", busy: "export.downloading", failed: "export.failed" }}
      errorKey={errorMessageKey}
      fetchFile={(format, onProgress) => api.download(endpoint, { params, query: { ...query, locale, format } } as never, onProgress)}
      fallbackName={fallbackName}
    />
  );
}

/** Rows of the announced count (a bar), or bytes so far with the count when rows cannot be counted. */
function ExportProgress({ progress }: { progress: DownloadProgress & { total: number } }) {
  const { t, locale } = useLocale();
  const { rows, total, bytes } = progress;
  const total_ = formatNumber(locale, total);
  if (rows === null) {
    return (
      <p className="download-progress" role="status">
        <progress aria-label={t("export.bytes", { size: megabytes(locale, bytes), total: total_ })} />
        <span>{t("export.bytes", { size: megabytes(locale, bytes), total: total_ })}</span>
      </p>
    );
  }
  const done = Math.min(rows, total);
  const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
  return (
    <p className="download-progress" role="status">
      <progress max={100} value={percent} aria-label={t("export.percent", { percent: String(percent) })} />
      <span>{t("export.rows", { done: formatNumber(locale, done), total: total_ })}</span>
    </p>
  );
}

function megabytes(locale: Parameters<typeof formatNumber>[0], bytes: number): string {
  const tenths = Math.round(bytes / 100_000);
  return `${formatNumber(locale, Math.floor(tenths / 10))}${locale === "vi" ? "," : "."}${tenths % 10} MB`;
}
