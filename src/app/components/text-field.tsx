import { useId, type InputHTMLAttributes } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & { label: string; hint?: string; error?: string | null };

/**
 * A labelled text input. zmp-ui's Input draws its label as a plain div, so it has no
 * accessible name; this one uses a real <label>, which screen readers and tests rely on.
 */
export function TextField({ label, hint, error, className = "", ...input }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={`text-field ${error ? "text-field--error" : ""} ${className}`}>
      <label htmlFor={id} className="text-field__label">
        {label}
      </label>
      <input
        id={id}
        className="text-field__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={hint || error ? hintId : undefined}
        {...input}
      />
      {(error || hint) && (
        <p id={hintId} className="text-field__hint">
          {error ?? hint}
        </p>
      )}
    </div>
  );
}
