import type { MiddlewareHandler } from "hono";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { AppEnv } from "./context";
import { chooseEncoding } from "./static-files";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this a compressed answer saves less than it costs (and most API answers are a card or a receipt). */
export const JSON_COMPRESS_MIN_BYTES = 1024;

/**
 * Compresses the API's larger JSON answers (the console's member lists, a ledger page, the export,
 * openapi.json) for a client that accepts brotli or gzip (issue 12).
 *
 * Not hono/compress: it decides by Content-Length, which `c.json` answers do not carry, so it
 * would compress every tiny answer too, and it has no brotli. Here the body is measured first.
 * Brotli at quality 4: on JSON it beats gzip -6 in size at about its speed (11, the default, is
 * for build time). zlib's async calls run on libuv's pool, off the event loop.
 */
export function compressJson(minBytes = JSON_COMPRESS_MIN_BYTES): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const accepted = c.req.header("accept-encoding");
    const encoding = accepted && c.req.method !== "HEAD" ? chooseEncoding(accepted) : null;
    if (!encoding) return next();
    // Reading a body back out of a Response costs more than a small answer's whole handling
    // (measured: +70 µs on a 92-byte answer), so answers are weighed as `c.json` makes them and
    // only the large ones are read back and compressed. The text is made once and sent as it is
    // (what hono's own c.json does), not serialised a second time to be weighed.
    let large = false;
    c.json = ((object: unknown, arg?: Parameters<typeof c.body>[1], headers?: Record<string, string | string[]>) => {
      const text: string | undefined = JSON.stringify(object);
      large = (text ?? "").length >= minBytes;
      return c.body(text ?? null, arg as never, { "Content-Type": "application/json", ...headers });
    }) as unknown as typeof c.json;
    await next();
    const res = c.res;
    if (!large || !res.body || res.headers.has("content-encoding")) return;
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(res.headers.get("content-type") ?? "")) return;
    if (/\bno-transform\b/i.test(res.headers.get("cache-control") ?? "")) return;
    const raw = new Uint8Array(await res.arrayBuffer());
    const body =
      encoding.name === "br"
        ? await brotli(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 4,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            },
          })
        : await gzipAsync(raw);
    const headers = new Headers(res.headers);
    headers.set("content-encoding", encoding.name);
    headers.set("content-length", String(body.length));
    const vary = headers.get("vary");
    if (!vary || !/\baccept-encoding\b/i.test(vary)) headers.set("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    // Unset first: assigning over a response merges the old one's headers (its Vary) into the new.
    c.res = undefined;
    c.res = new Response(body, { status: res.status, headers });
  };
}
