import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

/**
 * `npm test`: domain and API tests in Node (API tests on PGlite cloned from one migrated
 * snapshot, see test/support/global-setup.ts), UI tests in jsdom. Browser tests have their
 * own config (test/e2e) because they need a build and Chromium.
 *
 * Timeouts are guards against a hang, not performance bounds: CI runs on two cores that may be
 * busy with other work, where 1,000 concurrent redemptions on PGlite can take a minute. A test
 * that passes returns as soon as it is done whatever the guard is.
 */
export default defineConfig({
  plugins: [react()],
  test: {
    // vitest runs one worker fewer than the cores: ONE on CI's two, which left a core idle while
    // each file set up its PGlite or jsdom. Two workers keep both busy. (CI's PostgreSQL run
    // passes --maxWorkers=1: it shares the machine with the browser tests.)
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          globalSetup: ["./test/support/global-setup.ts"],
          include: ["src/domain/**/*.test.ts", "src/server/**/*.test.ts", "src/contract/**/*.test.ts", "test/api/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
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
          testTimeout: 60_000,
        },
      },
    ],
  },
});
