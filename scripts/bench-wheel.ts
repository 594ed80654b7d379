/**
 * `npm run bench:wheel`: how smoothly the lucky wheel turns on the emulated phone (issue 14:
 * "transform-only animation, 60 fps on the emulated mid-range phone of the performance issue").
 *
 * Starts the product as the browser tests do (PGlite in memory, the demo brand and its running
 * wheel), joins as a new member on a 360×640 phone, opens the Games tab and spins, with a Chromium
 * trace recorded from the tap until the wheel says it landed. Each spin is measured on the phone
 * of bench:phone (CDP Emulation.setCPUThrottlingRate 4) and unthrottled, BENCH_RUNS (3) each.
 *
 * What is counted, from the trace:
 * - frames: Chrome's frame reporter (`PipelineReporter`) records each frame the compositor began
 *   and its fate: presented (all or part of its updates) or dropped. The wheel turns by a CSS
 *   transition of `transform` on its own layer, which the compositor runs without the main
 *   thread, so a dropped frame is one the phone would show as a stutter.
 *   dropped % = dropped / (presented + dropped), between the first and last reported frame.
 * - main-thread tasks over 50 ms while spinning (they delay the tap's answer and the prize shown
 *   at the end, not the turning itself).
 * Headless Chromium draws at a virtual 60 Hz: presented frames per second approach 60 when
 * nothing drops and something changes every frame.
 *
 * Not a test: nothing is asserted; figures vary with the machine's load (print `uptime` beside them).
 */
import { chromium, type Browser, type CDPSession } from "playwright-core";
import { CHROMIUM_ARGS, startProduct } from "../test/e2e/harness";
import { buildIfStale } from "./build/fresh-build";

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const CPU_RATE = Number(process.env.BENCH_CPU_RATE ?? 4);
const CATEGORIES = ["cc", "benchmark", "disabled-by-default-devtools.timeline.frame", "devtools.timeline"].join(",");

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; args?: Record<string, unknown> };
type Figures = { presented: number; dropped: number; seconds: number; longTasks: number };

async function trace(cdp: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { categories: CATEGORIES, transferMode: "ReportEvents" });
  await during();
  await cdp.send("Tracing.end");
  await done;
  return events;
}

/** The frames' fates between the first and the last frame the compositor reported. */
function figures(events: TraceEvent[]): Figures {
  let presented = 0;
  let dropped = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    if (e.name !== "PipelineReporter" || e.ph !== "b") continue;
    const state = (e.args?.chrome_frame_reporter as { state?: string } | undefined)?.state ?? "";
    if (state === "STATE_DROPPED") dropped++;
    else if (state.startsWith("STATE_PRESENTED")) presented++;
    else continue;
    first = Math.min(first, e.ts);
    last = Math.max(last, e.ts);
  }
  const longTasks = events.filter((e) => e.name === "RunTask" && e.ph === "X" && (e.dur ?? 0) > 50_000).length;
  return { presented, dropped, seconds: last > first ? (last - first) / 1e6 : 0, longTasks };
}

async function oneSpin(browser: Browser, url: string, throttled: boolean, n: number): Promise<Figures> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const id = `bench-wheel-${throttled ? "t" : "u"}-${n}-${Date.now()}`;
    await context.addInitScript((userId) => localStorage.setItem("ll.devUserId", userId), id);
    const page = await context.newPage();
    await page.goto(`${url}/`);
    await page.getByRole("button", { name: "Trở thành thành viên" }).click();
    await page.getByRole("checkbox", { name: /Tôi đã đọc và đồng ý/ }).check();
    await page.getByRole("button", { name: "Đồng ý và tham gia" }).click();
    await page.getByRole("button", { name: "Để sau" }).click();
    await page.locator(".bottom-nav").getByRole("button", { name: "Trò chơi", exact: true }).click();
    await page.locator(".lucky-wheel").waitFor();
    const spinButton = page.getByRole("button", { name: "Quay ngay" });
    await spinButton.waitFor();
    const cdp = await context.newCDPSession(page);
    if (throttled) await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_RATE });
    const events = await trace(cdp, async () => {
      await spinButton.click();
      await page.locator('.lucky-wheel[data-phase="landed"]').waitFor({ timeout: 120_000 });
    });
    return figures(events);
  } finally {
    await context.close();
  }
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const droppedShare = (f: Figures) => (f.presented + f.dropped ? (100 * f.dropped) / (f.presented + f.dropped) : 0);

async function main() {
  await buildIfStale(process.argv.includes("--build"));
  const product = await startProduct();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const rows: Record<"phone" | "unthrottled", Figures[]> = { phone: [], unthrottled: [] };
  try {
    for (const mode of ["phone", "unthrottled"] as const) {
      for (let n = 1; n <= RUNS; n++) {
        const f = await oneSpin(browser, product.url, mode === "phone", n);
        rows[mode].push(f);
        console.log(
          `${mode} spin ${n}: ${f.presented} presented, ${f.dropped} dropped (${droppedShare(f).toFixed(1)} %) over ${f.seconds.toFixed(2)} s, ` +
            `${f.longTasks} main-thread task(s) > 50 ms`,
        );
      }
    }
  } finally {
    await browser.close();
    await product.close();
  }
  console.log(`\n${"".padEnd(22)}${`phone (CPU ÷${CPU_RATE})`.padStart(18)}${"unthrottled".padStart(14)}`);
  const line = (label: string, pick: (f: Figures) => number, fmt: (v: number) => string) =>
    console.log(
      `${label.padEnd(22)}${fmt(median(rows.phone.map(pick))).padStart(18)}${fmt(median(rows.unthrottled.map(pick))).padStart(14)}`,
    );
  line(
    "presented frames / s",
    (f) => (f.seconds ? f.presented / f.seconds : 0),
    (v) => v.toFixed(1),
  );
  line("dropped frames", droppedShare, (v) => `${v.toFixed(1)} %`);
  line(
    "tasks > 50 ms",
    (f) => f.longTasks,
    (v) => String(v),
  );
  console.log(`\n${RUNS} spin(s) per column, medians. Target (issue 14): 60 fps, no dropped frames to speak of.`);
}

await main();
