import pino, { type Logger } from "pino";

/** JSON lines on stdout; every request line carries reqId (see app.ts). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "loyalloop" }, timestamp: pino.stdTimeFunctions.isoTime });
}
