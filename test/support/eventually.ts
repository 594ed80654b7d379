/**
 * Waits for a condition instead of a guessed time: runs `check` until it stops throwing (an
 * `expect` inside is the usual check), yielding to the event loop between tries. `timeoutMs`
 * is a guard against hanging — generous on purpose, since CI runs on two busy cores — never a
 * performance bound: a passing check returns as soon as it passes.
 */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 30_000, intervalMs = 20 } = {}): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
