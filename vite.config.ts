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

export default defineConfig(({ mode }) => {
  const apiTarget = `http://localhost:${process.env.API_PORT ?? 3000}`;
  if (mode === "console") {
    return {
      base: "/console/",
      plugins: [react(), bundleCheck("console")],
      build: { outDir: "dist/console", emptyOutDir: true, rollupOptions: { input: "console.html", onwarn } },
      server: { proxy: { "/api": apiTarget } },
    };
  }
  return {
    // bundleCheck: compressed copies for the server, and the size budget (scripts/build/budget.ts).
    plugins: [zaloMiniApp(), react(), consoleDevRoutes, zauiCss(), bundleCheck("miniApp")],
    // One chunk on purpose: the Zalo host loads listSyncJS from www/app-config.json.
    build: { emptyOutDir: true, chunkSizeWarningLimit: 1024, rollupOptions: { input: "index.html", onwarn } },
    server: { proxy: { "/api": apiTarget } },
  };
});
