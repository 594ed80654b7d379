import type { ControlProps } from "./field";

type Props<T extends string> = {
  control: ControlProps;
  value: T;
  choices: readonly T[];
  /** The label shown for each choice. */
  label: (choice: T) => string;
  onChange: (choice: T) => void;
  /** Read-only forms show the chosen label in a read-only input, not a disabled select. */
  readOnly?: boolean;
};

/** A select over a fixed list of codes (a template's tag or kind, a question's kind), each shown by its label. */
export function ChoiceSelect<T extends string>({ control, value, choices, label, onChange, readOnly }: Props<T>) {
  if (readOnly) return <input {...control} className="input" value={label(value)} readOnly />;
  return (
    <select {...control} className="select input" value={value} onChange={(e) => onChange(e.target.value as T)}>
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {label(choice)}
        </option>
      ))}
    </select>
  );
}
