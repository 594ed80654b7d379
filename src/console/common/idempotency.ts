/**
 * A fresh idempotency key (contract: 8–100 chars of [A-Za-z0-9._:-]). crypto.randomUUID only
 * exists in secure contexts, so a console opened over plain http on a shop's LAN falls back to
 * getRandomValues, which is available everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return `console-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
