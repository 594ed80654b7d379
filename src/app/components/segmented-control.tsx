type Option<V extends string> = { value: V; label: string };
type Props<V extends string> = {
  label: string;
  options: readonly Option<V>[];
  value: V;
  onChange: (value: V) => void;
  disabled?: boolean;
};

/** A two-or-three-way switch, exposed as a radio group (role="radio" + aria-checked). */
export function SegmentedControl<V extends string>({ label, options, value, onChange, disabled }: Props<V>) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((option) => {
        const selected = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={selected}
            disabled={disabled}
            className={`segmented__option ${selected ? "segmented__option--selected" : ""}`}
            onClick={() => !selected && onChange(option.value)}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
