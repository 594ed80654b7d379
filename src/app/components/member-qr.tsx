import { useMemo } from "react";
import { memberQrCode, qrSecondsLeft, qrStep, QR_STEP_SECONDS } from "../../domain/member-qr/member-qr";
import { useT } from "../i18n/use-t";
import { QrCode } from "./qr-code";
import { useNow } from "./use-now";

type Props = { memberId: string; qrSecret: string; clockOffsetMs: number };

/**
 * The rotating member QR. The code is computed on the phone from the member's own secret
 * (src/domain/member-qr), so it keeps working offline; a new code appears at every 30 s step
 * of server time (local clock + offset), and a countdown tells the shopper when.
 */
export function MemberQr({ memberId, qrSecret, clockOffsetMs }: Props) {
  const t = useT();
  const serverNow = useNow() + clockOffsetMs;
  const step = qrStep(serverNow);
  // Recomputed only when the step changes: one HMAC per 30 s, not per second.
  const code = useMemo(() => memberQrCode(memberId, qrSecret, step * QR_STEP_SECONDS * 1000), [memberId, qrSecret, step]);
  const secondsLeft = qrSecondsLeft(serverNow);

  return (
    <div className="member-qr">
      <QrCode value={code} label={t("card.qrLabel")} />
      <div className="member-qr__timer" aria-live="off">
        <div className="member-qr__bar" aria-hidden="true">
          <span style={{ width: `${(secondsLeft / QR_STEP_SECONDS) * 100}%` }} />
        </div>
        <span className="member-qr__countdown" data-testid="qr-countdown">
          {t("card.refreshIn", { seconds: secondsLeft })}
        </span>
      </div>
    </div>
  );
}
