/**
 * `npm run dev`: the API (restarted on change by tsx watch) on API_PORT (default 3000) and
 * Vite's dev server with hot reload on 5173, proxying /api. Open http://localhost:5173/ for
 * the Mini App and http://localhost:5173/console for the console.
 */
import { spawn } from "node:child_process";

const apiPort = process.env.API_PORT ?? "3000";
const children = [
  spawn("npx", ["tsx", "watch", "--clear-screen=false", "src/server/main.ts"], {
    stdio: "inherit",
    env: { ...process.env, PORT: apiPort },
  }),
  spawn("npx", ["vite", "--port", "5173", "--strictPort"], { stdio: "inherit", env: { ...process.env, API_PORT: apiPort } }),
];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) child.on("exit", (code) => code && stop());
