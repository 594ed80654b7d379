import { useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import type { ApiError } from "../../client/api-client";
import { memberImportEndpoints } from "../../contract/endpoints/member-import";
import type { MemberImportDryRun, MemberImportJob } from "../../contract/member-import";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { problemText } from "../common/problems";
import { useLocale } from "../locale-context";
import { AlertIcon } from "../shell/icons";
import { IMPORT_COLUMN_NAMES, IMPORT_PROBLEMS } from "./import-texts";
import "./strings/load";

/** How often the page asks for the job's progress while the upload runs. */
const POLL_MS = 700;

type Phase =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "checked"; dry: MemberImportDryRun }
  | { kind: "importing"; dry: MemberImportDryRun; job: MemberImportJob | null }
  | { kind: "done"; job: MemberImportJob };

/**
 * "Nhập hội viên" (issue 17, docs/import.md): choose a file, a dry run shows what is wrong by
 * row, then the import with its progress (the job row, polled) and a summary.
 */
export function ImportPage() {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [failure, setFailure] = useState<ApiError | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const polling = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(() => () => stopPolling(), []);

  function stopPolling() {
    if (polling.current) clearInterval(polling.current);
    polling.current = null;
  }

  async function check() {
    if (!file) return;
    setFailure(null);
    setPhase({ kind: "checking" });
    try {
      const dry = await api.upload(memberImportEndpoints.dryRun, file, { query: { fileName: file.name } });
      setPhase({ kind: "checked", dry });
    } catch (caught) {
      setFailure(toApiError(caught));
      setPhase({ kind: "idle" });
    }
  }

  async function run(dry: MemberImportDryRun) {
    if (!file) return;
    setFailure(null);
    const importId = crypto.randomUUID();
    setPhase({ kind: "importing", dry, job: null });
    polling.current = setInterval(() => {
      // Not there yet (the file is still uploading) or a slow answer: the next tick asks again.
      api.request(memberImportEndpoints.job, { params: { importId } }).then(
        (job) => setPhase((p) => (p.kind === "importing" ? { ...p, job } : p)),
        () => undefined,
      );
    }, POLL_MS);
    try {
      const job = await api.upload(memberImportEndpoints.run, file, { query: { fileName: file.name, importId } });
      setPhase({ kind: "done", job });
    } catch (caught) {
      setFailure(toApiError(caught));
      setPhase({ kind: "checked", dry });
    } finally {
      stopPolling();
    }
  }

  function restart() {
    setFile(null);
    setFailure(null);
    setPhase({ kind: "idle" });
    if (inputRef.current) inputRef.current.value = "";
  }

  const busy = phase.kind === "checking" || phase.kind === "importing";
  const fmt = (n: number) => n.toLocaleString(locale === "vi" ? "vi-VN" : "en");

  return (
    <div className="page import-page">
      <header className="page-header">
        <div>
          <p>
            <Link to="/members">← {t("import.back")}</Link>
          </p>
          <h1>{t("import.title")}</h1>
          <p className="muted">{t("import.subtitle")}</p>
        </div>
      </header>

      {phase.kind !== "done" && (
        <section className="card card-body import-file">
          <p className="muted">{t("import.columnsHint")}</p>
          <p className="muted">{t("import.consentHint")}</p>
          <div className="import-choose">
            <label className="field-label" htmlFor="import-file">
              {t("import.chooseFile")}
            </label>
            <input
              id="import-file"
              ref={inputRef}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={busy}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setFailure(null);
                setPhase({ kind: "idle" });
              }}
            />
            <button
              type="button"
              className="button button-secondary"
              disabled={!file || busy}
              aria-busy={phase.kind === "checking"}
              onClick={() => void check()}
            >
              {phase.kind === "checking" ? t("import.checking") : t("import.check")}
            </button>
          </div>
          {failure && <FileFailure failure={failure} />}
        </section>
      )}

      {(phase.kind === "checked" || phase.kind === "importing") && (
        <section className="card card-body" aria-labelledby="import-checked">
          <h2 id="import-checked">{t("import.checked", { file: phase.dry.fileName })}</h2>
          <dl className="import-counts">
            <Count label={t("import.total")} value={fmt(phase.dry.total)} />
            <Count label={t("import.toImport")} value={fmt(phase.dry.toImport)} />
            <Count label={t("import.toMerge")} value={fmt(phase.dry.toMerge)} />
            <Count label={t("import.already")} value={fmt(phase.dry.alreadyImported)} />
            <Count label={t("import.refused")} value={fmt(phase.dry.refused)} />
            <Count label={t("import.points")} value={fmt(phase.dry.points)} />
            <Count label={t("import.mergePoints")} value={fmt(phase.dry.mergePoints)} />
          </dl>

          {phase.dry.problems.length > 0 && (
            <div className="table-wrap import-problems-wrap">
              <table className="table table-compact import-problems">
                <caption className="table-title">{t("import.problemsTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("import.col.row")}</th>
                    <th scope="col">{t("import.col.column")}</th>
                    <th scope="col">{t("import.col.problem")}</th>
                  </tr>
                </thead>
                <tbody>
                  {phase.dry.problems.map((p, i) => (
                    <tr key={i}>
                      <td className="num">{p.params.row}</td>
                      <td>{IMPORT_COLUMN_NAMES[locale][p.field]}</td>
                      <td>{problemText(p, locale, [IMPORT_PROBLEMS])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {phase.dry.problemCount > phase.dry.problems.length && (
                <p className="muted">{t("import.problemsMore", { shown: phase.dry.problems.length, count: phase.dry.problemCount })}</p>
              )}
            </div>
          )}

          {phase.kind === "importing" ? (
            <Progress job={phase.job} total={phase.dry.total} />
          ) : phase.dry.toImport + phase.dry.toMerge > 0 ? (
            <button type="button" className="button button-primary" onClick={() => void run(phase.dry)}>
              {t("import.run", { count: fmt(phase.dry.toImport + phase.dry.toMerge) })}
            </button>
          ) : (
            <p className="muted">{t("import.nothingToImport")}</p>
          )}
        </section>
      )}

      {phase.kind === "done" && (
        <section className="card card-body" aria-labelledby="import-done" role="status">
          <h2 id="import-done">{t("import.done", { file: phase.job.fileName })}</h2>
          <dl className="import-counts">
            <Count label={t("import.imported")} value={fmt(phase.job.imported)} />
            <Count label={t("import.toMerge")} value={fmt(phase.job.merged)} />
            <Count label={t("import.skipped")} value={fmt(phase.job.skipped)} />
            <Count label={t("import.refused")} value={fmt(phase.job.refused)} />
          </dl>
          <div className="import-actions">
            <Link className="button button-primary" to="/members">
              {t("import.back")}
            </Link>
            <button type="button" className="button button-secondary" onClick={restart}>
              {t("import.another")}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

function Count({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="muted">{label}</dt>
      <dd className="stat-value">{value}</dd>
    </div>
  );
}

function Progress({ job, total }: { job: MemberImportJob | null; total: number }) {
  const { t, locale } = useLocale();
  const processed = job?.processed ?? 0;
  const max = job?.total ?? total;
  const percent = max ? Math.round((processed / max) * 100) : 0;
  const fmt = (n: number) => n.toLocaleString(locale === "vi" ? "vi-VN" : "en");
  return (
    <div className="import-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label={t("import.progressLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="muted" aria-live="polite">
        {t("import.running", { processed: fmt(processed), total: fmt(max) })}
      </p>
    </div>
  );
}

/** Why the whole file was refused: its type, its size, or its problems (issues) in words. */
function FileFailure({ failure }: { failure: ApiError }) {
  const { t, locale } = useLocale();
  const issues = failure.code === "import_file_invalid" ? (failure.issues ?? []) : [];
  return (
    <div className="state state-error" role="alert">
      <AlertIcon className="state-icon" />
      <p className="state-title">{failure.code === "import_running" ? t("import.failed") : t("import.fileRefused")}</p>
      {failure.code === "import_file_type" ? (
        <p className="muted">{t("import.fileType")}</p>
      ) : failure.code === "import_file_too_large" ? (
        <p className="muted">{t("import.fileTooLarge")}</p>
      ) : issues.length ? (
        <ul>
          {issues.map((issue, i) => (
            <li key={i}>{problemText(issue, locale, [IMPORT_PROBLEMS])}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t(errorMessageKey(failure.code))}</p>
      )}
    </div>
  );
}
