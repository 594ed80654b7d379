import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import zaloMiniApp from "zmp-vite-plugin";
import { bundleCheck } from "./scripts/build/bundle-check";
import { zauiCss } from "./scripts/build/zaui-css";

/**
 * Two builds from one config:
 * - default mode: the Zalo Mini App (index.html → www/, with www/app-config.json written by
 *   zmp-vite-plugin, which is what `zmp deploy` uploads);
 * - `--mode console`: the marketer console (console.html → dist/console/, served at /console).
 * Kept apart so the Mini App package never carries console code.
 */
// zod 4 ships `@__PURE__` comments in places Rollup cannot use; harmless, and noisy on every build.
const onwarn = (warning: { code?: string; message: string }, warn: (w: { code?: string; message: string }) => void) => {
  if (warning.code === "INVALID_ANNOTATION") return;
  warn(warning);
};

/** `npm run dev`: serve the console's single page for /console and its client-side routes. */
const consoleDevRoutes: Plugin = {
  name: "loyalloop-console-dev-routes",
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const path = (req.url ?? "").split("?")[0]!;
      if (path === "/console" || (path.startsWith("/console/") && !/\.[a-z0-9]+$/i.test(path))) req.url = "/console.html";
      next();
    });
  },
};

/**
 * The first screen's libraries in a few chunks by package rather than in the entry: no file
 * passes issue 12's 300 KB, and a release that changes only our code leaves these files (and
 * their long-lived cache) alone. zmp-vite-plugin lists them in listAsyncJS, so the host fetches
 * them in parallel with the entry. Packages only lazy pages use (qrcode, @noble/hashes) stay in
 * those pages' chunks.
 */
const VENDOR_CHUNKS: [name: string, packages: RegExp][] = [
  ["react", /[\\/]node_modules[\\/](react|react-dom|scheduler|jotai)[\\/]/],
  ["zmp-ui", /[\\/]node_modules[\\/](zmp-ui|react-router|react-router-dom|@remix-run|react-transition-group|@babel[\\/]runtime|clsx)[\\/]/],
  ["zmp-sdk", /[\\/]node_modules[\\/]zmp-sdk[\\/]/],
  ["zod", /[\\/]node_modules[\\/]zod[\\/]/],
];
function miniAppVendorChunk(id: string): string | undefined {
  if (id.endsWith(".css")) return undefined; // one stylesheet, in import order
  return VENDOR_CHUNKS.find(([, packages]) => packages.test(id))?.[0];
}

export default defineConfig(({ mode }) => {
  const apiTarget = `http://localhost:${process.env.API_PORT ?? 3000}`;
  if (mode === "console") {
    return {
      base: "/console/",
      plugins: [react(), bundleCheck("console")],
      build: {
        outDir: "dist/console",
        emptyOutDir: true,
        // A marketer's laptop browser (Chrome 94+, Safari 16.4+): ≈7 KB less transpiled code than
        // Vite's default target (es2020) across the chunks. The Mini App keeps the default: it runs
        // in Zalo's webview on older phones.
        target: "es2022",
        rollupOptions: { input: "console.html", onwarn },
      },
      server: { proxy: { "/api": apiTarget } },
    };
  }
  return {
    // bundleCheck: compressed copies for the server, and the size budget (scripts/build/budget.ts).
    plugins: [zaloMiniApp(), react(), consoleDevRoutes, zauiCss(), bundleCheck("miniApp")],
    // Pages load on demand (docs/decisions/0019-mini-app-code-splitting.md); the libraries the
    // first screen needs are split into a few chunks by package (miniAppVendorChunk).
    build: {
      emptyOutDir: true,
      rollupOptions: { input: "index.html", onwarn, output: { manualChunks: miniAppVendorChunk } },
    },
    server: { proxy: { "/api": apiTarget } },
  };
});
