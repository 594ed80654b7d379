import type { Context, MiddlewareHandler } from "hono";
import { getMimeType } from "hono/utils/mime";
import { readFile, stat } from "node:fs/promises";
import { basename, join, resolve, sep } from "node:path";
import type { AppEnv } from "./context";

/**
 * The built Mini App (www/) and console (dist/console/) as a phone on 4G should get them (issue 12):
 *
 * - compressed: brotli or gzip copies written at build time (scripts/build/precompress.ts) under
 *   dist/compressed/<name>/, chosen by Accept-Encoding, with `Vary: Accept-Encoding`. They live
 *   outside www/ so the package `zmp deploy` uploads to Zalo stays what the Mini App needs;
 * - cached: files whose name carries Vite's content hash never change under that name, so a
 *   year and `immutable`; everything else (index.html, console.html, app-config.json) `no-cache`,
 *   i.e. revalidated on every load;
 * - revalidated cheaply: an ETag per file variant (size and mtime, as nginx does), 304 on a match.
 */

/** Where the precompressed copies of a built directory go: dist/compressed/<its name>. */
export function compressedDirOf(root: string, builtDir: string): string {
  return join(root, "dist", "compressed", basename(builtDir));
}

export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

/** Vite's output names: `assets/<name>-<hash>.<ext>`, zmp-vite-plugin's `assets/<name>.<hash>.module.js`. */
const HASHED = /^\/assets\/(?:.*\/)?[^/]+[.-][A-Za-z0-9_-]{8}(?:\.module)?\.[a-z0-9]+$/;

/** Encodings we write at build time, best first. */
const ENCODINGS = [
  { name: "br", ext: ".br" },
  { name: "gzip", ext: ".gz" },
] as const;

type Encoding = (typeof ENCODINGS)[number];

/** The accepted encodings by q-value (RFC 9110 §12.5.3); `*` stands for any not named. */
export function chooseEncoding(header: string | undefined, available: readonly Encoding[] = ENCODINGS): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [token, ...params] = part.trim().toLowerCase().split(";");
    if (!token) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(token.trim(), Number.isFinite(value) ? value : 0);
  }
  let best: { encoding: Encoding; q: number } | null = null;
  for (const encoding of available) {
    const value = q.get(encoding.name) ?? q.get("*") ?? 0;
    if (value > 0 && (!best || value > best.q)) best = { encoding, q: value };
  }
  return best?.encoding ?? null;
}

type Resolved = { path: string; size: number; mtimeMs: number };

async function fileAt(path: string): Promise<Resolved | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { path, size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The file a URL path names inside `dir`, or null: undecodable, NUL, a backslash or a way out of `dir`. */
function insideDir(dir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const path = resolve(dir, `.${decoded.startsWith("/") ? "" : "/"}${decoded}`);
  return path.startsWith(dir + sep) ? path : null;
}

const etagOf = (file: Resolved) => `"${file.size.toString(36)}-${Math.floor(file.mtimeMs).toString(36)}"`;

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  // Weak comparison (RFC 9110 §13.1.2): a W/ prefix does not matter for If-None-Match.
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

export type StaticOptions = {
  /** The built directory (www/ or dist/console/). */
  dir: string;
  /** Where its precompressed copies are (compressedDirOf), if anywhere. */
  compressedDir: string | null;
  /** Strip this prefix from the request path first (e.g. "/console"). */
  prefix?: string;
  /** Served for a path that names no file (a client-side route), e.g. "index.html". */
  fallback?: string;
};

/**
 * Serves GET and HEAD from `dir`; anything it has no file for goes on to `next` unless there is a
 * fallback page (client-side routes). A missing /assets/ file is never answered with the page: a
 * stale tab asking for last build's chunk gets a 404 it can handle, not HTML it tries to run.
 */
export function staticFiles(options: StaticOptions): MiddlewareHandler<AppEnv> {
  const dir = resolve(options.dir);
  const compressedDir = options.compressedDir ? resolve(options.compressedDir) : null;
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    let urlPath = c.req.path;
    if (options.prefix) {
      if (urlPath !== options.prefix && !urlPath.startsWith(`${options.prefix}/`)) return next();
      urlPath = urlPath.slice(options.prefix.length) || "/";
    }
    if (urlPath.endsWith("/")) urlPath += options.fallback ?? "index.html";
    const path = insideDir(dir, urlPath);
    if (path === null) return c.text("Not found", 404);
    let file = await fileAt(path);
    let servedPath = urlPath;
    // A page opened at a nested client-side route (a survey link, /survey/<id>) asks for the
    // Mini App's relative "./assets/…" under that route (/survey/assets/…): the same file.
    const nestedAsset = !file && options.fallback ? /^\/[^/]+(\/assets\/[^/]+)$/.exec(urlPath)?.[1] : undefined;
    if (nestedAsset) {
      const nested = insideDir(dir, nestedAsset);
      file = nested === null ? null : await fileAt(nested);
      if (!file) return c.text("Not found", 404);
      servedPath = nestedAsset;
    }
    if (!file && options.fallback && !urlPath.startsWith("/assets/")) {
      servedPath = `/${options.fallback}`;
      file = await fileAt(join(dir, options.fallback));
    }
    if (!file) return next();
    return send(c, file, servedPath, dir, compressedDir);
  };
}

async function send(c: Context<AppEnv>, file: Resolved, urlPath: string, dir: string, compressedDir: string | null) {
  const type = getMimeType(urlPath) ?? "application/octet-stream";
  let chosen = file;
  let encoding: Encoding | null = null;
  if (compressedDir) {
    const relative = file.path.slice(dir.length);
    const candidates: Encoding[] = [];
    const variants = new Map<string, Resolved>();
    for (const e of ENCODINGS) {
      const variant = await fileAt(compressedDir + relative + e.ext);
      // A copy older than its source is from an earlier build: never serve it.
      if (variant && variant.mtimeMs >= file.mtimeMs) {
        candidates.push(e);
        variants.set(e.name, variant);
      }
    }
    if (candidates.length) {
      c.header("Vary", "Accept-Encoding");
      encoding = chooseEncoding(c.req.header("accept-encoding"), candidates);
      if (encoding) chosen = variants.get(encoding.name)!;
    }
  }
  const etag = encoding ? etagOf(chosen).replace(/"$/, `-${encoding.name}"`) : etagOf(chosen);
  c.header("ETag", etag);
  c.header("Cache-Control", HASHED.test(urlPath) ? IMMUTABLE : REVALIDATE);
  if (matches(c.req.header("if-none-match"), etag)) return c.body(null, 304);
  c.header("Content-Type", type);
  if (encoding) c.header("Content-Encoding", encoding.name);
  c.header("Content-Length", String(chosen.size));
  if (c.req.method === "HEAD") return c.body(null, 200);
  return c.body(await readFile(chosen.path), 200);
}
