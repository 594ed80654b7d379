import { MEMBER_REASON_TEXT, MEMBER_REASONS, type MemberReason } from "../../domain/loyalty/actors";
import { Field } from "../common/field";
import { useLocale } from "../locale-context";

/** Contract limits of a correction's internal note (CorrectionNote). */
export const NOTE_MIN = 3;
export const NOTE_MAX = 200;

export function noteProblem(note: string): boolean {
  const length = note.trim().length;
  return length < NOTE_MIN || length > NOTE_MAX;
}

type Props = {
  note: string;
  onNote: (note: string) => void;
  noteError?: string | null;
  noteHint: string;
  memberReason: MemberReason | null;
  onMemberReason: (reason: MemberReason | null) => void;
  busy: boolean;
};

/**
 * The two reasons of a correction, kept apart on screen as they are in the data: the internal
 * note (for colleagues, never shown to the member) and what the member reads — a plain-language
 * preset or nothing — with the exact sentence the member will see (decision 0017).
 */
export function ReasonFields({ note, onNote, noteError, noteHint, memberReason, onMemberReason, busy }: Props) {
  const { t, locale } = useLocale();
  return (
    <>
      <Field label={t("reason.note")} hint={noteHint} error={noteError}>
        {(control) => (
          <textarea
            {...control}
            className="input textarea"
            rows={3}
            maxLength={NOTE_MAX + 20}
            value={note}
            disabled={busy}
            onChange={(event) => onNote(event.target.value)}
          />
        )}
      </Field>
      <Field label={t("reason.member")} hint={t("reason.memberHint")}>
        {(control) => (
          <select
            {...control}
            className="select input"
            value={memberReason ?? ""}
            disabled={busy}
            onChange={(event) => onMemberReason((event.target.value || null) as MemberReason | null)}
          >
            <option value="">{t("reason.memberNone")}</option>
            {MEMBER_REASONS.map((code) => (
              <option key={code} value={code}>
                {MEMBER_REASON_TEXT[code][locale]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="reason-preview" data-testid="member-reads" aria-live="polite">
        {memberReason ? t("reason.memberReads", { text: MEMBER_REASON_TEXT[memberReason].vi }) : t("reason.memberReadsNothing")}
      </p>
    </>
  );
}
