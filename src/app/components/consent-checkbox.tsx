type Props = { checked: boolean; onChange: (checked: boolean) => void; label: string };

/**
 * The explicit-consent box. A native checkbox (never pre-checked by us: Decree 13/2023
 * Art. 11 says silence or a default is not consent) inside a label, so the whole row is the
 * tap target and the agree text is its accessible name.
 */
export function ConsentCheckbox({ checked, onChange, label }: Props) {
  return (
    <label className={`consent-box ${checked ? "consent-box--checked" : ""}`}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="consent-box__mark" aria-hidden="true">
        <svg
          viewBox="0 0 24 24"
          width="16"
          height="16"
          fill="none"
          stroke="currentColor"
          strokeWidth="3"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="m5 12.5 4.5 4.5L19 7.5" />
        </svg>
      </span>
      <span className="consent-box__text">{label}</span>
    </label>
  );
}
