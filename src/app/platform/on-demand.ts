/**
 * A chunk fetched on demand (decision 0028): one download however many callers ask; a failed
 * download (offline) is tried again on the next call, rejecting with what `failure` makes of
 * the error; `loaded()` gives it synchronously once it has arrived, else null.
 */
export function onDemand<T>(importChunk: () => Promise<T>, failure: (err: unknown) => unknown = (err) => err) {
  let loading: Promise<T> | null = null;
  let value: T | null = null;
  return {
    load(): Promise<T> {
      loading ??= importChunk().then(
        (chunk) => (value = chunk),
        (err: unknown) => {
          loading = null;
          throw failure(err);
        },
      );
      return loading;
    },
    loaded: (): T | null => value,
  };
}
