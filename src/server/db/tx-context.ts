/**
 * Knows whether the running code is inside a database transaction, so code that must never run
 * there (HTTP calls to Zalo: on PGlite, one connection, a transaction held across a 5-second call
 * froze the whole API) can refuse. openDatabase marks every `db.transaction` callback; nested
 * transactions (savepoints) run inside an outer one and are marked by it. A leaf module.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const inside = new AsyncLocalStorage<true>();
/** Transactions of this process not yet finished, all databases together. */
let open = 0;

type Transactional = { transaction: (fn: (tx: never) => Promise<unknown>, config?: unknown) => Promise<unknown> };

/**
 * Makes every transaction of `db` visible to insideTransaction().
 *
 * On Node 20 an enabled AsyncLocalStorage has every promise the process creates carry its
 * context (an async hook per promise, ~3% of the server's CPU per earn in bench:ledger), and
 * the earn path opens no transaction. So the storage is enabled while a transaction is open
 * and disabled when the last one ends: with none open, nothing can be inside one.
 */
export function markTransactions<T extends object>(db: T): T {
  const target = db as unknown as Transactional;
  const original = target.transaction.bind(target);
  target.transaction = async (fn, config) => {
    open++;
    try {
      return await inside.run(true, () => original(fn, config));
    } finally {
      if (--open === 0) inside.disable();
    }
  };
  return db;
}

export const insideTransaction = (): boolean => inside.getStore() === true;

/** Throws when called inside a transaction: a bug, caught by tests, never a condition to handle. */
export function assertNotInTransaction(what: string): void {
  if (insideTransaction()) throw new Error(`${what} must not run inside a database transaction (it would hold locks for a network call)`);
}
