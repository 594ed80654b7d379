import { useId, type SelectHTMLAttributes } from "react";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { label: string; options: readonly { value: string; label: string }[] };

/** A labelled native select: the phone's own picker, which is the easiest to use on a small screen. */
export function SelectField({ label, options, className = "", ...select }: Props) {
  const id = useId();
  return (
    <div className={`text-field ${className}`}>
      <label htmlFor={id} className="text-field__label">
        {label}
      </label>
      <select id={id} className="text-field__input select-field" {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
