import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Browser tests: build the Mini App and the console once, start the real server in-process on a
 * random port (PGlite in memory, demo seed, dev identity), and drive Debian's Chromium with
 * playwright-core at http://localhost:PORT (localhost, so zmp-sdk runs in its web mock mode).
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/e2e/**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["./test/e2e/build.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // expect.poll waits for a condition; vitest's default ceiling (1 s) is a timing bound in
    // disguise, and a busy CI machine broke it. The ceiling only matters when a test fails.
    expect: { poll: { timeout: 60_000, interval: 100 } },
  },
});
