import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import zaloMiniApp from "zmp-vite-plugin";

/**
 * Two builds from one config:
 * - default mode: the Zalo Mini App (index.html → www/, with www/app-config.json written by
 *   zmp-vite-plugin, which is what `zmp deploy` uploads);
 * - `--mode console`: the marketer console (console.html → dist/console/, served at /console).
 * Kept apart so the Mini App package never carries console code.
 */
export default defineConfig(({ mode }) => {
  const apiTarget = `http://localhost:${process.env.API_PORT ?? 3000}`;
  if (mode === "console") {
    return {
      base: "/console/",
      plugins: [react()],
      build: { outDir: "dist/console", emptyOutDir: true, rollupOptions: { input: "console.html" } },
      server: { proxy: { "/api": apiTarget } },
    };
  }
  return {
    plugins: [zaloMiniApp(), react()],
    build: { emptyOutDir: true, rollupOptions: { input: "index.html" } },
    server: { proxy: { "/api": apiTarget } },
  };
});
