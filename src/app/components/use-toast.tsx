import { useCallback } from "react";
import { useSnackbar } from "zmp-ui";
import type { UseSnackbarType } from "zmp-ui/snackbar-provider";
import { AlertIcon, CheckCircleIcon } from "./icons";

/**
 * A success snackbar with our own icon: zmp-ui's default snackbar icons come from the CDN
 * icon font and show up as ligature text ("zi_check_circle_solid") when it cannot load.
 * The hook's own type is lost to a broken path alias in zmp-ui's d.ts, hence the cast.
 */
export function useSuccessToast(): (text: string) => void {
  const { openSnackbar } = useSnackbar() as UseSnackbarType;
  return useCallback(
    (text: string) => openSnackbar({ text, type: "success", prefixIcon: <CheckCircleIcon size={22} />, duration: 3000 }),
    [openSnackbar],
  );
}

/** An error snackbar, for failures of an action whose screen stays as it was (a reverted switch). */
export function useErrorToast(): (text: string) => void {
  const { openSnackbar } = useSnackbar() as UseSnackbarType;
  return useCallback(
    (text: string) => openSnackbar({ text, type: "error", prefixIcon: <AlertIcon size={22} />, duration: 4000 }),
    [openSnackbar],
  );
}
