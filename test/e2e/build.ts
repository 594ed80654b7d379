import { build } from "vite";
import { REPO_ROOT } from "../../src/server/server";

/** Fresh production builds of both front ends, exactly what `npm start` serves. */
export default async function setup() {
  if (process.env.E2E_SKIP_BUILD === "1") return;
  await build({ root: REPO_ROOT, logLevel: "error" });
  await build({ root: REPO_ROOT, mode: "console", logLevel: "error" });
}
