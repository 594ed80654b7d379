import { useSetAtom } from "jotai";
import { useEffect, useRef, useState } from "react";
import { Button } from "zmp-ui";
import { ApiError } from "../../../client/api-client";
import type { UseVoucherResponse, VoucherPreview } from "../../../contract/loyalty";
import { TicketIcon } from "../../components/icons";
import { Notice } from "../../components/notice";
import { Skeleton } from "../../components/skeleton";
import { errorKey } from "../../i18n/error-key";
import { useFormatDate, useFormatNumber, useFormatTime, useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/vi";
import { failureCode, type FailureCode } from "../../state/api";
import { newIdempotencyKey } from "../../state/rewards";
import { previewVoucherAtom, spendVoucherAtom } from "../../state/voucher-check";
import { VoucherUsed } from "./results";

/** At the counter a voucher that belongs elsewhere is "another brand's voucher", not card. */
const VOUCHER_ERRORS: Partial<Record<FailureCode, MessageKey>> = {
  wrong_brand: "error.voucher_wrong_brand",
  invalid_request: "error.voucher_invalid",
  not_found: "error.voucher_not_found",
};

type Refusal = { code: FailureCode; params: Readonly<Record<string, string | number>> };
type Step =
  | { step: "checking" }
  | { step: "preview"; preview: VoucherPreview; key: string; sending: boolean; sendFailed: boolean }
  | { step: "used"; result: UseVoucherResponse }
  | { step: "refused"; refusal: Refusal };

const refusalOf = (err: unknown): Refusal => ({ code: failureCode(err), params: err instanceof ApiError ? err.params : {} });

/**
 * A scanned or typed voucher at the counter: first a look (the reward, its value, whose it is:
 * name and masked phone to check with the shopper), then the cashier confirms and it is used.
 * A refusal says what the shopper needs to hear: when, where and by whom it was used, or since
 * when it has expired. `onLooked(ok)` tells the page whether the code was good (to clear the
 * paste field); `onDone` closes the panel.
 */
export function VoucherCheck({
  code,
  storeId,
  onLooked,
  onDone,
}: {
  code: string;
  storeId: string;
  onLooked: (ok: boolean) => void;
  onDone: () => void;
}) {
  const t = useT();
  const preview = useSetAtom(previewVoucherAtom);
  const spendVoucher = useSetAtom(spendVoucherAtom);
  const [state, setState] = useState<Step>({ step: "checking" });

  useEffect(() => {
    let live = true;
    preview({ code, storeId }).then(
      (found) => {
        if (!live) return;
        setState({ step: "preview", preview: found, key: newIdempotencyKey(), sending: false, sendFailed: false });
        onLooked(true);
      },
      (err: unknown) => {
        if (!live) return;
        setState({ step: "refused", refusal: refusalOf(err) });
        onLooked(false);
      },
    );
    return () => {
      live = false;
    };
    // The look runs once per code shown; the page remounts this panel for a new scan.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code, storeId]);

  async function confirm(current: Extract<Step, { step: "preview" }>) {
    setState({ ...current, sending: true, sendFailed: false });
    try {
      const result = await spendVoucher({ code, storeId, idempotencyKey: current.key });
      setState({ step: "used", result });
    } catch (err) {
      const refusal = refusalOf(err);
      // No answer: the same key is sent again on the next press, so it cannot be used twice.
      if (refusal.code === "network") setState({ ...current, sending: false, sendFailed: true });
      else setState({ step: "refused", refusal });
    }
  }

  if (state.step === "checking") {
    return (
      <section className="voucher-check" aria-busy="true" aria-label={t("voucherCheck.checking")}>
        <Skeleton width="60%" height={20} />
        <Skeleton height={72} radius={12} />
      </section>
    );
  }
  if (state.step === "refused") return <VoucherRefused refusal={state.refusal} />;
  if (state.step === "used") return <VoucherUsed result={state.result} onDone={onDone} />;
  return (
    <VoucherLook
      preview={state.preview}
      sending={state.sending}
      sendFailed={state.sendFailed}
      onConfirm={() => void confirm(state)}
      onCancel={onDone}
    />
  );
}

function VoucherLook({
  preview,
  sending,
  sendFailed,
  onConfirm,
  onCancel,
}: {
  preview: VoucherPreview;
  sending: boolean;
  sendFailed: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const formatNumber = useFormatNumber();
  const formatDate = useFormatDate();
  // On a 360×640 phone the look starts below the scan buttons and the confirm button would sit
  // under the bottom navigation: bring the whole card up once it appears.
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    card.current?.scrollIntoView?.({ block: "start", behavior: "smooth" });
  }, []);
  return (
    <section className="voucher-check" aria-labelledby="voucher-check-title" ref={card}>
      <p className="voucher-check__badge">
        <TicketIcon size={20} /> {t("voucherCheck.title")}
      </p>
      <h2 className="voucher-check__reward" id="voucher-check-title">
        {preview.rewardName}
      </h2>
      {preview.rewardDescription && <p className="muted small">{preview.rewardDescription}</p>}
      <dl className="facts">
        <div>
          <dt>{t("voucherCheck.value")}</dt>
          <dd>{t("voucherCheck.points", { points: formatNumber(preview.pointsCost) })}</dd>
        </div>
        <div>
          <dt>{t("voucherCheck.owner")}</dt>
          <dd data-testid="voucher-owner">{preview.owner.displayName}</dd>
        </div>
        <div>
          <dt>{t("staff.phone")}</dt>
          <dd>{preview.owner.phoneMasked ?? t("staff.noPhone")}</dd>
        </div>
        <div>
          <dt>{t("card.memberNo")}</dt>
          <dd>{preview.owner.memberNo}</dd>
        </div>
        <div>
          <dt>{t("voucherCheck.expires")}</dt>
          <dd>{formatDate(preview.expiresAt)}</dd>
        </div>
      </dl>
      <p className="muted small">{t("voucherCheck.hint")}</p>
      {sendFailed && <Notice tone="error">{t("voucherCheck.sendFailed")}</Notice>}
      <div className="voucher-check__actions">
        <Button fullWidth loading={sending} disabled={sending} onClick={onConfirm}>
          {t("voucherCheck.confirm")}
        </Button>
        <Button fullWidth variant="tertiary" disabled={sending} onClick={onCancel}>
          {t("voucherCheck.cancel")}
        </Button>
      </div>
    </section>
  );
}

/** Why the voucher cannot be used, with the details when the server gave them. */
function VoucherRefused({ refusal }: { refusal: Refusal }) {
  const t = useT();
  const formatDate = useFormatDate();
  const formatTime = useFormatTime();
  const text = (name: string) => (typeof refusal.params[name] === "string" ? (refusal.params[name] as string) : null);
  const usedAt = text("usedAt");
  if (refusal.code === "voucher_used" && usedAt) {
    const store = text("storeName");
    const who = text("usedBy");
    return (
      <Notice tone="error">
        <strong className="voucher-refused__title">
          {store
            ? t("voucherCheck.usedAtStore", { time: formatTime(usedAt), store })
            : t("voucherCheck.usedAt", { time: formatTime(usedAt) })}
        </strong>
        <br />
        <span className="voucher-refused__detail">
          {who ? t("voucherCheck.usedDetail", { date: formatDate(usedAt), who }) : t("voucherCheck.usedDate", { date: formatDate(usedAt) })}
        </span>
      </Notice>
    );
  }
  const expiresAt = text("expiresAt");
  if (refusal.code === "voucher_expired" && expiresAt) {
    return <Notice tone="error">{t("voucherCheck.expiredOn", { date: formatDate(expiresAt) })}</Notice>;
  }
  return <Notice tone="error">{t(errorKey(refusal.code, VOUCHER_ERRORS))}</Notice>;
}
