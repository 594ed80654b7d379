import { useCallback, useEffect, useRef } from "react";

/**
 * Calls `fn` once input has been quiet for `delayMs`. `pending()` tells whether a call is
 * waiting, so callers can avoid overwriting what the user is still typing.
 */
export function useDebouncedCallback<A extends unknown[]>(fn: (...args: A) => void, delayMs: number) {
  const fnRef = useRef(fn);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    fnRef.current = fn;
  });

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const call = useCallback(
    (...args: A) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        fnRef.current(...args);
      }, delayMs);
    },
    [delayMs],
  );
  const pending = useCallback(() => timer.current !== null, []);
  return { call, pending };
}
