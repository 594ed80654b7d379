import { useCallback, useState } from "react";

/**
 * When an editor shows its own check's problems (issue 16: "form errors say the limit and appear
 * as you type"): a field's as soon as it is edited, every field's once saving was tried. A new,
 * untouched form is not red before the user has done anything. A field is the editor's own name
 * for it (a form key, a parameter's or a question's key).
 */
export function useAsYouType() {
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const touch = useCallback((field: string) => setTouched((s) => (s.has(field) ? s : new Set(s).add(field))), []);
  const attempt = useCallback(() => setAttempted(true), []);
  const reset = useCallback(() => {
    setTouched(new Set());
    setAttempted(false);
  }, []);
  return { attempted, touch, attempt, reset, shown: (field: string) => attempted || touched.has(field) };
}
