import { useState } from "react";
import type { ApiError } from "../../client/api-client";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";
import { toApiError } from "./api-errors";
import { saveBlob } from "./save-blob";

type Props = {
  className: string;
  labels: { idle: MessageKey; busy: MessageKey; failed: MessageKey };
  /** The sentence for a refusal's code (each section knows its own codes). */
  errorKey: (code: ApiError["code"]) => MessageKey;
  /** Fetches the file with the console's token (api.download). */
  fetchFile: () => Promise<{ blob: Blob; filename: string | null }>;
  fallbackName: string;
};

/** A button that downloads a file from the API (a CSV export), saying so while it runs and why it failed. */
export function DownloadButton({ className, labels, errorKey, fetchFile, fallbackName }: Props) {
  const { t } = useLocale();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  async function run() {
    setBusy(true);
    setFailure(null);
    try {
      const { blob, filename } = await fetchFile();
      saveBlob(blob, filename ?? fallbackName);
    } catch (caught) {
      setFailure(toApiError(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className={className}>
      <button type="button" className="button button-secondary" onClick={() => void run()} disabled={busy} aria-busy={busy}>
        {busy ? t(labels.busy) : t(labels.idle)}
      </button>
      {failure && (
        <p role="alert" className="form-error">
          {t(labels.failed)} {t(errorKey(failure.code))}
        </p>
      )}
    </div>
  );
}
