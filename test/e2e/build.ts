import { build } from "vite";
import { REPO_ROOT } from "../../src/server/server";

/** Fresh production builds of both front ends, exactly what `npm start` serves. */
export default async function setup() {
  if (process.env.E2E_SKIP_BUILD === "1") return;
  // vitest sets NODE_ENV=test, and Vite keeps an existing NODE_ENV: without this the browser
  // tests would drive a development build of React instead of what `npm start` serves.
  process.env.NODE_ENV = "production";
  await build({ root: REPO_ROOT, logLevel: "error" });
  await build({ root: REPO_ROOT, mode: "console", logLevel: "error" });
}
