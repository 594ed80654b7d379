import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Plugin, ResolvedConfig } from "vite";
import { compressedDirOf } from "../../src/server/http/static-files";
import { BUDGETS, type Figure, type FrontEndBudget } from "./budget";
import { filesUnder, gzipSize, precompress } from "./precompress";

type ChunkInfo = {
  fileName: string;
  imports: string[];
  css: string[];
  facade: string | null;
  /** Source module (repository-relative) → bytes it renders to in this chunk. */
  modules: Map<string, number>;
};

export type Line = { what: string; bytes: number; figure: Figure; files: string[]; over: boolean };

/**
 * After a build: write the compressed copies the server sends (precompress.ts), then weigh the
 * output against scripts/build/budget.ts, print the table, and fail the build when a figure
 * passes its limit, naming the files and their largest modules.
 */
export function bundleCheck(name: "miniApp" | "console", budget: FrontEndBudget = BUDGETS[name]): Plugin {
  let config: ResolvedConfig;
  let chunks = new Map<string, ChunkInfo>();
  let root = "";
  return {
    name: "loyalloop-bundle-check",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
      root = resolved.root;
    },
    writeBundle(_options, bundle) {
      chunks = new Map();
      for (const item of Object.values(bundle)) {
        if (item.type !== "chunk") continue;
        const css = [...((item as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata?.importedCss ?? [])];
        const modules = new Map<string, number>();
        for (const [id, info] of Object.entries(item.modules)) modules.set(moduleName(root, id), info.renderedLength);
        chunks.set(item.fileName, {
          fileName: item.fileName,
          imports: item.imports,
          css,
          facade: item.facadeModuleId ? moduleName(root, item.facadeModuleId) : null,
          modules,
        });
      }
    },
    closeBundle() {
      const outDir = resolve(root, config.build.outDir);
      if (!existsSync(outDir)) return;
      precompress(outDir, compressedDirOf(root, outDir));
      const lines = weigh(outDir, budget, chunks, entriesOf(name, outDir, chunks));
      const report = formatReport(name === "miniApp" ? "Mini App (www/)" : "Console (dist/console/)", lines);
      const over = lines.filter((l) => l.over);
      if (over.length) {
        const largest = largestModules(
          over.flatMap((l) => l.files),
          chunks,
        );
        throw new Error(
          `${report}\n\nOver budget (scripts/build/budget.ts): ${over.map((l) => l.what).join(", ")}.\n` +
            `Largest modules in those files:\n${largest}\n`,
        );
      }
      config.logger.info(report);
    },
  };
}

function moduleName(root: string, id: string) {
  const clean = id.replace(/^\0/, "").replace(/\?.*$/, "");
  const rel = relative(root, clean);
  return rel.startsWith("..") ? clean : rel;
}

/** The entry files: app-config.json's lists for the Mini App (what Zalo loads), the entry chunk for the console. */
function entriesOf(name: "miniApp" | "console", outDir: string, chunks: Map<string, ChunkInfo>): { js: string[]; css: string[] } {
  if (name === "miniApp") {
    const appConfig = JSON.parse(readFileSync(join(outDir, "app-config.json"), "utf8")) as {
      listSyncJS: string[];
      listAsyncJS: string[];
      listCSS: string[];
    };
    return { js: [...appConfig.listSyncJS, ...appConfig.listAsyncJS], css: appConfig.listCSS };
  }
  const html = readFileSync(join(outDir, "console.html"), "utf8");
  const js = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="[^"]*?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const css = [...html.matchAll(/<link[^>]+href="[^"]*?(assets\/[^"]+\.css)"/g)].map((m) => m[1]!);
  return { js: js.filter((f) => chunks.has(f)), css };
}

/** The first route: entries, the listed lazy pages' chunks, and their static imports, closed. */
export function firstRoute(budget: FrontEndBudget, chunks: Map<string, ChunkInfo>, entries: { js: string[]; css: string[] }) {
  const js = new Set<string>();
  const css = new Set(entries.css);
  const pageChunks = [...chunks.values()].filter((c) => c.facade && budget.firstRoutePages.includes(c.facade)).map((c) => c.fileName);
  // A page bundled into the entry (no split yet) has no chunk of its own: the entry covers it.
  const visit = (file: string) => {
    const chunk = chunks.get(file);
    if (!chunk || js.has(file)) return;
    js.add(file);
    chunk.css.forEach((f) => css.add(f));
    chunk.imports.forEach(visit);
  };
  [...entries.js, ...pageChunks].forEach(visit);
  return { js: [...js], css: [...css] };
}

function weigh(outDir: string, budget: FrontEndBudget, chunks: Map<string, ChunkInfo>, entries: { js: string[]; css: string[] }): Line[] {
  const gz = new Map<string, number>();
  const gzipOf = (file: string) => {
    if (!gz.has(file)) gz.set(file, gzipSize(readFileSync(join(outDir, file))));
    return gz.get(file)!;
  };
  const route = firstRoute(budget, chunks, entries);
  const all = [...filesUnder(outDir)].map((path) => ({ file: relative(outDir, path), bytes: statSync(path).size }));
  const biggest = all.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: "", bytes: 0 });
  const line = (what: string, bytes: number, figure: Figure, files: string[]): Line => {
    return { what, bytes, figure, files, over: bytes > figure.limit };
  };
  return [
    line(
      "first route JS (gzip)",
      route.js.reduce((sum, f) => sum + gzipOf(f), 0),
      budget.firstRouteJsGzip,
      route.js,
    ),
    line(
      "first route CSS (gzip)",
      route.css.reduce((sum, f) => sum + gzipOf(f), 0),
      budget.firstRouteCssGzip,
      route.css,
    ),
    line(
      "all files (raw)",
      all.reduce((sum, f) => sum + f.bytes, 0),
      budget.totalBytes,
      [],
    ),
    line(`largest file (raw): ${biggest.file}`, biggest.bytes, budget.fileBytes, [biggest.file]),
    ...all
      .filter((f) => f.file !== biggest.file && f.bytes > budget.fileBytes.limit)
      .map((f) => line(`file (raw): ${f.file}`, f.bytes, budget.fileBytes, [f.file])),
  ];
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

export function formatReport(title: string, lines: Line[]): string {
  const rows = lines.map((l) => [
    l.over ? "OVER" : "ok",
    l.what,
    kb(l.bytes),
    kb(l.figure.limit),
    kb(l.figure.target),
    l.bytes > l.figure.target ? `${kb(l.bytes - l.figure.target)} to go` : "",
  ]);
  const head = ["", `${title}`, "size", "limit", "target", ""];
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ");
  const detail = lines
    .filter((l) => l.what.startsWith("first route"))
    .map((l) => `  ${l.what}: ${l.files.join(", ") || "none"}`)
    .join("\n");
  return `\nBundle budget\n${fmt(head)}\n${rows.map(fmt).join("\n")}\n${detail}`;
}

function largestModules(files: string[], chunks: Map<string, ChunkInfo>, count = 12): string {
  const sizes = new Map<string, number>();
  for (const file of files) {
    for (const [id, bytes] of chunks.get(file)?.modules ?? []) {
      // Group node_modules by package: "zod" rather than its 200 files.
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];
      const key = pkg ? `${pkg} (package)` : id;
      sizes.set(key, (sizes.get(key) ?? 0) + bytes);
    }
  }
  return [...sizes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([id, bytes]) => `  ${kb(bytes).padStart(9)}  ${id}`)
    .join("\n");
}
