import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

/**
 * `npm test`: domain and API tests in Node (API tests on PGlite cloned from one migrated
 * snapshot, see test/support/global-setup.ts), UI tests in jsdom. Browser tests have their
 * own config (test/e2e) because they need a build and Chromium.
 */
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          globalSetup: ["./test/support/global-setup.ts"],
          include: ["src/domain/**/*.test.ts", "src/server/**/*.test.ts", "src/contract/**/*.test.ts", "test/api/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "ui",
          environment: "jsdom",
          include: ["src/app/**/*.test.{ts,tsx}", "src/console/**/*.test.{ts,tsx}", "src/client/**/*.test.ts"],
          setupFiles: ["./vitest.setup.ts"],
          css: false,
          testTimeout: 20_000,
        },
      },
    ],
  },
});
