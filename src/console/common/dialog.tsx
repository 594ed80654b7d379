import { useEffect, useId, useRef, type ReactNode } from "react";
import { useLocale } from "../locale-context";
import { CloseIcon } from "../shell/icons";

type Props = {
  title: string;
  /** A line under the title, e.g. who the action is for. */
  subtitle?: ReactNode;
  onClose: () => void;
  /**
   * Asked before the close button, Escape or a click beside the dialog discard its edits
   * (useUnsavedGuard's check); Cancel is a deliberate choice and does not ask.
   */
  confirmClose?: () => boolean;
  /** While a request is in flight the dialog cannot be dismissed (the outcome must be seen). */
  busy?: boolean;
  /** "panel" slides in from the right, for longer forms; "modal" is a centred box. */
  variant?: "modal" | "panel";
  /** Body and footer form one <form>: Enter submits, the footer's submit button submits. */
  onSubmit: () => void;
  children: ReactNode;
  footer: ReactNode;
};

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: labelled by its title, focus moves in on open (first field) and back to
 * what opened it on close, Tab stays inside, Escape and the backdrop close it.
 */
export function Dialog({
  title,
  subtitle,
  onClose: close,
  confirmClose,
  busy = false,
  variant = "modal",
  onSubmit,
  children,
  footer,
}: Props) {
  const { t } = useLocale();
  const titleId = useId();
  const onClose = () => {
    if (!confirmClose || confirmClose()) close();
  };
  const boxRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const closeRef = useRef(onClose);
  const busyRef = useRef(busy);
  useEffect(() => {
    closeRef.current = onClose;
    busyRef.current = busy;
  });

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const box = boxRef.current;
    const first = box?.querySelector<HTMLElement>(".dialog-body :is(input, select, textarea, button):not([disabled])");
    (first ?? box)?.focus();
    // The page behind a modal does not scroll (the wheel over the backdrop would move it).
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      document.body.style.overflow = overflow;
      // The opener may be gone (e.g. the row re-rendered); then focus simply stays on <body>.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      if (!busyRef.current) closeRef.current();
      return;
    }
    if (event.key !== "Tab" || !boxRef.current) return;
    const items = Array.from(boxRef.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const firstItem = items[0];
    const lastItem = items[items.length - 1];
    if (!firstItem || !lastItem) return;
    if (event.shiftKey && document.activeElement === firstItem) {
      event.preventDefault();
      lastItem.focus();
    } else if (!event.shiftKey && document.activeElement === lastItem) {
      event.preventDefault();
      firstItem.focus();
    }
  };

  return (
    <div
      className={`dialog-backdrop dialog-backdrop-${variant}`}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget && !busy) onClose();
      }}
    >
      <div
        ref={boxRef}
        className={`dialog dialog-${variant}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          <div>
            <h2 id={titleId}>{title}</h2>
            {subtitle && <p className="muted">{subtitle}</p>}
          </div>
          <button
            type="button"
            className="button button-ghost button-icon"
            onClick={onClose}
            disabled={busy}
            aria-label={t("common.close")}
          >
            <CloseIcon />
          </button>
        </header>
        <form
          ref={formRef}
          className="dialog-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (busy) return;
            onSubmit();
            // After a failed check, take the user to the first field that needs fixing.
            requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
          }}
        >
          <div className="dialog-body">{children}</div>
          <footer className="dialog-footer">{footer}</footer>
        </form>
      </div>
    </div>
  );
}

/** The footer every form dialog shares: Cancel, then the submit button showing "saving…" while busy. */
export function DialogActions({
  busy,
  onCancel,
  submitLabel,
  tone = "primary",
  disabled = false,
}: {
  busy: boolean;
  /** Submit not offered yet (e.g. a confirmation box to tick first). */
  disabled?: boolean;
  onCancel: () => void;
  submitLabel: string;
  tone?: "primary" | "danger";
}) {
  const { t } = useLocale();
  return (
    <>
      <button type="button" className="button button-secondary button-lg" onClick={onCancel} disabled={busy}>
        {t("common.cancel")}
      </button>
      <button type="submit" className={`button button-${tone} button-lg`} aria-busy={busy} disabled={busy || disabled}>
        {busy ? t("common.saving") : submitLabel}
      </button>
    </>
  );
}
