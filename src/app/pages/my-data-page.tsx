import { useAtomValue, useSetAtom } from "jotai";
import { useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import { ConsentCheckbox } from "../components/consent-checkbox";
import { Dialog } from "../components/dialog";
import { CheckCircleIcon, DownloadIcon, FileIcon, TrashIcon } from "../components/icons";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { Redirect } from "../components/redirect";
import { usePageEntry } from "../components/use-page-entry";
import { useSuccessToast } from "../components/use-toast";
import { errorKey } from "../i18n/error-key";
import { useFormatNumber, useT } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { saveTextFile } from "../platform/download";
import { ROUTES } from "../routes";
import { failureCode } from "../state/api";
import { cardAtom } from "../state/card";
import { eraseAccountAtom, exportDataAtom, type FullExport } from "../state/privacy";
import { afterAccountErasedAtom, meAtom } from "../state/session";
import { loadSummaryAtom, summaryAtom } from "../state/summary";

/** Sections this version of the app has words for, in the order a member would look for them. */
const KNOWN_SECTIONS = [
  "profile",
  "membership",
  "ledger",
  "pointLots",
  "vouchers",
  "preferences",
  "consents",
  "zaloPermissionAnswers",
  "surveyAnswers",
  "messages",
  "privacyRequests",
] as const;
type KnownSection = (typeof KNOWN_SECTIONS)[number];
/** Not data about the member: the file's own header. */
const HEADER_KEYS = new Set(["format", "exportedAt", "brand"]);

type Section = { key: string; label: string; count: number | null };
type Exported = { fileName: string; sections: Section[] };

/** "Dữ liệu của tôi": take a copy of everything held about you, or delete the account. */
export function MyDataPage() {
  const t = useT();
  const me = useAtomValue(meAtom);
  const card = useAtomValue(cardAtom);
  const summary = useAtomValue(summaryAtom);
  const loadSummary = useSetAtom(loadSummaryAtom);
  const afterErased = useSetAtom(afterAccountErasedAtom);
  const fetchExport = useSetAtom(exportDataAtom);
  const requestErase = useSetAtom(eraseAccountAtom);
  const navigate = useNavigate();
  const toast = useSuccessToast();
  const formatNumber = useFormatNumber();
  const [exporting, setExporting] = useState(false);
  const [exportProblem, setExportProblem] = useState<MessageKey | null>(null);
  const [exported, setExported] = useState<Exported | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [agreed, setAgreed] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [eraseProblem, setEraseProblem] = useState<MessageKey | null>(null);

  // The balance the confirmation says will be forfeited.
  usePageEntry(() => void loadSummary());

  if (me && !me.user.isMember) return <Redirect to={ROUTES.start} />;

  const memberNo = card.status === "ready" ? card.card.memberNo : null;
  const balance = summary.status === "ready" ? summary.summary.balance : card.status === "ready" ? card.card.pointsBalance : null;

  async function download() {
    setExporting(true);
    setExportProblem(null);
    try {
      const data = await fetchExport();
      const fileName = exportFileName(data, memberNo);
      saveTextFile(fileName, JSON.stringify(data, null, 2));
      setExported({ fileName, sections: sectionsOf(data, (key) => t(`data.section.${key}`)) });
      toast(t("data.exported", { file: fileName }));
    } catch (err) {
      setExportProblem(errorKey(failureCode(err)));
    } finally {
      setExporting(false);
    }
  }

  function openConfirm() {
    setAgreed(false);
    setEraseProblem(null);
    setConfirmOpen(true);
  }

  async function confirmErase() {
    if (!agreed) return;
    setErasing(true);
    setEraseProblem(null);
    try {
      await requestErase();
      // One tick: the route changes while the session restarts, so nothing of the erased
      // member is drawn again and the fresh non-member session lands on onboarding.
      setConfirmOpen(false);
      navigate(ROUTES.onboarding, { replace: true, animate: false });
      toast(t("data.erasedToast"));
      void afterErased();
    } catch (err) {
      setEraseProblem(errorKey(failureCode(err)));
      setErasing(false);
    }
  }

  return (
    <Page className="page">
      <PageTitle title={t("data.heading")} back />

      <section className="panel" aria-labelledby="export-title">
        <h2 className="panel__title panel__title--icon" id="export-title">
          <FileIcon size={22} /> {t("data.exportTitle")}
        </h2>
        <p className="muted small">{t("data.exportLead")}</p>
        {exportProblem && <Notice tone="error">{t(exportProblem)}</Notice>}
        <Button
          fullWidth
          variant="secondary"
          prefixIcon={<DownloadIcon size={20} />}
          loading={exporting}
          disabled={exporting}
          onClick={() => void download()}
        >
          {t("data.export")}
        </Button>
        {exported && (
          <div className="export-result" role="status">
            <p className="export-result__title">
              <CheckCircleIcon size={20} />
              <span>{t("data.fileContains", { file: exported.fileName })}</span>
            </p>
            <dl className="facts" data-testid="export-contents">
              {exported.sections.map((s) => (
                <div key={s.key}>
                  <dt>{s.label}</dt>
                  <dd>{s.count === null ? t("data.included") : formatNumber(s.count)}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </section>

      <section className="panel panel--danger" aria-labelledby="erase-title">
        <h2 className="panel__title panel__title--icon" id="erase-title">
          <TrashIcon size={22} /> {t("data.eraseTitle")}
        </h2>
        <p className="muted small">{t("data.eraseLead")}</p>
        <Button fullWidth variant="secondary" type="danger" onClick={openConfirm}>
          {t("data.erase")}
        </Button>
      </section>

      <Dialog visible={confirmOpen} onClose={() => !erasing && setConfirmOpen(false)} labelledBy="erase-confirm-title" busy={erasing}>
        <div className="dialog-body erase-sheet">
          <h2 className="dialog-title" id="erase-confirm-title">
            {t("data.eraseConfirmTitle")}
          </h2>
          <div className="erase-sheet__group erase-sheet__group--gone">
            <h3>{t("data.erasedHeading")}</h3>
            <ul>
              <li>{t("data.erased.profile")}</li>
              <li>{t("data.erased.phone")}</li>
              <li>{t("data.erased.preferences")}</li>
              <li>{t("data.erased.sessions")}</li>
              <li data-testid="erase-points">
                <strong>
                  {balance !== null ? t("data.erased.points", { points: formatNumber(balance) }) : t("data.erased.pointsUnknown")}
                </strong>
              </li>
            </ul>
          </div>
          <div className="erase-sheet__group">
            <h3>{t("data.keptHeading")}</h3>
            <ul>
              <li>{t("data.kept.ledger")}</li>
              <li>{t("data.kept.consents")}</li>
            </ul>
          </div>
          <ConsentCheckbox checked={agreed} onChange={setAgreed} label={t("data.eraseAgree")} />
          {eraseProblem && <Notice tone="error">{t(eraseProblem)}</Notice>}
          <div className="dialog-actions dialog-actions--stack">
            <Button fullWidth type="danger" disabled={!agreed || erasing} loading={erasing} onClick={() => void confirmErase()}>
              {t("data.eraseConfirm")}
            </Button>
            <Button fullWidth variant="tertiary" disabled={erasing} onClick={() => setConfirmOpen(false)}>
              {t("common.cancel")}
            </Button>
          </div>
        </div>
      </Dialog>
    </Page>
  );
}

/** loyalloop-<memberNo>-<yyyy-mm-dd>.json, the date being the export's own in Vietnam time. */
export function exportFileName(data: FullExport, fallbackMemberNo: string | null): string {
  const fromFile = data.membership.memberNo;
  const memberNo = typeof fromFile === "string" && fromFile ? fromFile : (fallbackMemberNo ?? "member");
  // en-CA writes dates as yyyy-mm-dd.
  const day = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Asia/Ho_Chi_Minh" }).format(
    new Date(data.exportedAt),
  );
  return `loyalloop-${memberNo.replace(/[^A-Za-z0-9_-]/g, "")}-${day}.json`;
}

/** Every data section of the file: lists with their length, single records as "included". */
function sectionsOf(data: FullExport, label: (key: KnownSection) => string): Section[] {
  const known = new Set<string>(KNOWN_SECTIONS);
  const keys = [...KNOWN_SECTIONS.filter((k) => k in data), ...Object.keys(data).filter((k) => !known.has(k) && !HEADER_KEYS.has(k))];
  return keys.map((key) => {
    const value = data[key];
    return {
      key,
      // A section added after this app version still shows, under its own name.
      label: known.has(key) ? label(key as KnownSection) : key,
      count: Array.isArray(value) ? value.length : null,
    };
  });
}
