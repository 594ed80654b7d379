import { useSetAtom } from "jotai";
import { useEffect, useRef } from "react";
import { useSnackbar } from "zmp-ui";
import type { UseSnackbarType } from "zmp-ui/snackbar-provider";
import { AlertIcon, CheckCircleIcon } from "../../components/icons";
import { useFormatNumber } from "../../i18n/use-t";
import { failureCode } from "../../state/api";
import { REFERRAL_KEY } from "../../state/referral-link";
import { acceptReferralAtom } from "../../state/referrals";
import { useGameProblem, useGameT } from "./strings";

/**
 * Sends a friend's invitation code (captured from the start-up's address) once signed in, and
 * says who invited them and what they get at their first purchase. A refusal (own code, already
 * a member, another friend's invite first) is said once; the code is then dropped. A network
 * failure keeps it for the next start.
 */
export function ReferralAccept({ onDone }: { onDone: () => void }) {
  const problemText = useGameProblem();
  const gt = useGameT();
  const formatNumber = useFormatNumber();
  const accept = useSetAtom(acceptReferralAtom);
  const { openSnackbar } = useSnackbar() as UseSnackbarType;
  const sent = useRef(false);

  useEffect(() => {
    const code = pendingReferralCode();
    if (sent.current || !code) return;
    sent.current = true;
    accept(code)
      .then((response) => {
        forgetReferralCode();
        openSnackbar({
          text: gt("invite.accepted", { name: response.referrerName, points: formatNumber(response.friendPoints) }),
          type: "success",
          prefixIcon: <CheckCircleIcon size={22} />,
          duration: 8000,
        });
      })
      .catch((err: unknown) => {
        const code = failureCode(err);
        if (code === "network") return;
        forgetReferralCode();
        openSnackbar({ text: problemText(code), type: "error", prefixIcon: <AlertIcon size={22} />, duration: 6000 });
      })
      .finally(onDone);
  }, [accept, gt, problemText, formatNumber, openSnackbar, onDone]);
  return null;
}

function pendingReferralCode(): string | null {
  try {
    return sessionStorage.getItem(REFERRAL_KEY);
  } catch {
    return null;
  }
}

/** The server answered (recorded, or refused for good): the code is done with. */
function forgetReferralCode(): void {
  try {
    sessionStorage.removeItem(REFERRAL_KEY);
  } catch {
    // Blocked storage: nothing was kept either.
  }
}
