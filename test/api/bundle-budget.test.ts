import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { describe, expect, it } from "vitest";
import { bundleCheck } from "../../scripts/build/bundle-check";
import type { FrontEndBudget } from "../../scripts/build/budget";

/**
 * The size budget every build enforces (issue 12), on a tiny project built with the real Vite and
 * the real plugin: an entry, a lazy first page and a lazy page the first route does not need.
 */
function project() {
  const root = mkdtempSync(join(tmpdir(), "ll-budget-"));
  mkdirSync(join(root, "src"));
  // Random base64: gzip shrinks it to about 3/4, whatever the run.
  const noise = (bytes: number) => randomBytes(bytes).toString("base64");
  writeFileSync(join(root, "console.html"), `<!doctype html><html><body><script type="module" src="/src/main.js"></script></body></html>`);
  writeFileSync(
    join(root, "src", "main.js"),
    `import "./main.css"; document.body.dataset.x = "x"; import("./first.js"); import("./later.js");`,
  );
  writeFileSync(join(root, "src", "main.css"), `body { color: #0b6e4f; }`);
  writeFileSync(join(root, "src", "first.js"), `export const first = ${JSON.stringify(noise(15_000))};`);
  writeFileSync(join(root, "src", "later.js"), `export const later = ${JSON.stringify(noise(30_000))};`);
  return root;
}

const roomy: FrontEndBudget = {
  firstRoutePages: ["src/first.js"],
  firstRouteJsGzip: { limit: 100_000, target: 100_000 },
  firstRouteCssGzip: { limit: 10_000, target: 10_000 },
  totalBytes: { limit: 1_000_000, target: 1_000_000 },
  fileBytes: { limit: 200_000, target: 200_000 },
};

const buildWith = (root: string, budget: FrontEndBudget) =>
  build({
    root,
    configFile: false,
    logLevel: "silent",
    plugins: [bundleCheck("console", budget)],
    build: { outDir: join(root, "dist", "console"), rollupOptions: { input: join(root, "console.html") } },
  });

describe("bundle budget", () => {
  it("passes a build within its budget and writes the compressed copies the server sends", async () => {
    const root = project();
    await buildWith(root, roomy);
    expect(existsSync(join(root, "dist", "compressed", "console", "console.html"))).toBe(false); // under 512 bytes
    const copies = readdirSync(join(root, "dist", "compressed", "console", "assets"));
    expect(copies.some((f) => /^first-.*\.js\.br$/.test(f))).toBe(true);
    expect(copies.some((f) => /^later-.*\.js\.gz$/.test(f))).toBe(true);
  });

  it("fails when the first route's JS passes its limit, naming the files and the largest modules", async () => {
    const root = project();
    // The first page is 20 KB of base64 (~15 KB gzip); the page loaded later (40 KB, ~30 KB gzip) must not count.
    const error = await buildWith(root, { ...roomy, firstRouteJsGzip: { limit: 10_000, target: 5_000 } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/OVER\s+first route JS \(gzip\)/);
    expect(error?.message).toMatch(/first route JS \(gzip\): .*assets\/first-/);
    expect(error?.message).not.toMatch(/first route JS \(gzip\): .*assets\/later-/);
    expect(error?.message).toContain("src/first.js");
    expect(error?.message).toContain("limit");
  });

  it("counts a lazy page in the first route only when listed, and fails on any one file over its limit", async () => {
    const withoutPage = await buildWith(project(), { ...roomy, firstRoutePages: [], firstRouteJsGzip: { limit: 2_000, target: 2_000 } });
    expect(withoutPage).toBeDefined();
    const error = await buildWith(project(), { ...roomy, fileBytes: { limit: 40_000, target: 40_000 } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/OVER\s+largest file \(raw\): assets\/later-/);
    expect(error?.message).toContain("src/later.js");
  });
});
