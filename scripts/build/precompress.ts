import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Text files worth compressing; images and fonts we ship are compressed formats already. */
const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".html", ".json", ".svg", ".txt", ".map", ".webmanifest"]);
/** Below this a compressed answer saves less than the headers it costs. */
const MIN_BYTES = 512;

export type Compressed = { file: string; bytes: number; gzip: number; brotli: number };

export function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

export const gzipSize = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

/**
 * Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy of every compressible file of
 * `dir` into `outDir`, same relative paths, after emptying `outDir` (copies of an earlier build
 * must not outlive it). Maximum settings: it runs once per build, and every phone benefits.
 */
export function precompress(dir: string, outDir: string): Compressed[] {
  rmSync(outDir, { recursive: true, force: true });
  const written: Compressed[] = [];
  for (const path of filesUnder(dir)) {
    if (!COMPRESSIBLE.has(extname(path))) continue;
    const bytes = readFileSync(path);
    if (bytes.length < MIN_BYTES) continue;
    const target = join(outDir, relative(dir, path));
    mkdirSync(dirname(target), { recursive: true });
    const gz = gzipSync(bytes, { level: 9 });
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
    writeFileSync(`${target}.gz`, gz);
    writeFileSync(`${target}.br`, br);
    written.push({ file: relative(dir, path), bytes: statSync(path).size, gzip: gz.length, brotli: br.length });
  }
  return written;
}
