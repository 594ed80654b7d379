import { PGlite } from "@electric-sql/pglite";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { openDatabase } from "../../src/server/db/client";
import { parseEnv } from "../../src/server/env";
import { REPO_ROOT, startServer, type Running } from "../../src/server/server";

export const SCREENSHOT_DIR = join(REPO_ROOT, "test-artifacts", "screenshots");

export async function startProduct(): Promise<Running> {
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    RATE_LIMIT_MULTIPLIER: "100",
    DATA_DIR: mkdtempSync(join(tmpdir(), "ll-e2e-")),
  });
  const database = await openDatabase({ kind: "pglite-instance", pglite: await clonedPglite() });
  return startServer(env, pino({ level: "silent" }), { database });
}

/**
 * A clone of the run's migrated and seeded database (e2e/build.ts) inside vitest; a new PGlite
 * outside it (the scripts/.shot-*.ts screenshot scripts), which the server then migrates and seeds.
 */
async function clonedPglite(): Promise<PGlite> {
  if (!process.env.VITEST) return new PGlite();
  const { inject } = await import("vitest");
  const snapshot = inject("pgliteSnapshot");
  return snapshot ? new PGlite({ loadDataDir: new Blob([readFileSync(snapshot)]) }) : new PGlite();
}

export type Browser = {
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
  errors: string[];
};

/** Chromium's flags for this machine (docs/stack.md#chromium); npm run bench:phone uses them too. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launch flags from docs/stack.md#chromium: the machine has no network but the package registries. */
export async function launchBrowser(): Promise<Browser> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "ll-chrome-")), {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    locale: "vi-VN",
    viewport: { width: 360, height: 640 },
    args: ["--headless", ...CHROMIUM_ARGS],
  });
  // Playwright's 30 s default for an action or a wait is a guard, not a target: on CI's two busy
  // cores (the PostgreSQL tests run beside these) a first paint can take longer. Every wait is
  // for a condition, so a passing test returns as soon as it holds whatever the guard is.
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  const errors: string[] = [];
  // zaui.css loads its icon font from Zalo's CDN, unreachable here: fail fast instead of hanging.
  await context.route("https://h5.zadn.vn/**", (route) => route.abort());
  const watch = (page: Page) => {
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(m.text());
    });
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    errors,
    async newPage(viewport) {
      const page = context.pages()[0] && context.pages()[0]!.url() === "about:blank" ? context.pages()[0]! : await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    close: () => context.close(),
  };
}

/**
 * Captures the settled screen: zmp-ui animates page transitions and recharts its bars, so frames
 * are compared until two in a row are the same — a condition, not a guessed duration, whatever
 * the machine's load.
 */
export async function shot(page: Page, name: string) {
  const frame = () => page.screenshot({ fullPage: false, animations: "allow" });
  const nextFrames = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  let previous = await frame();
  for (let i = 0; i < 100; i++) {
    await nextFrames();
    const current = await frame();
    if (current.equals(previous)) break;
    previous = current;
  }
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** Waits until no zmp-ui snackbar is on screen (they close on their own after a few seconds). */
export async function snackbarsGone(page: Page) {
  await page
    .locator(".zaui-snackbar")
    .first()
    .waitFor({ state: "hidden", timeout: 90_000 })
    .catch(async () => {
      // waitFor on an element that was never attached resolves at once; anything else is a real failure.
      if (await page.locator(".zaui-snackbar").count()) throw new Error("a snackbar stayed on screen");
    });
}

/**
 * A new phone with a fresh dev identity opening the Mini App at `path` (an invitation's
 * `/?ref=…`, say), not yet a member.
 */
export async function openAsNewPhone(browser: Browser, productUrl: string, devUserId: string, path = "/"): Promise<Page> {
  const page = await browser.newPage();
  // Pages start at about:blank, where localStorage is refused: only the product's pages get the identity.
  await browser.context.addInitScript((id) => {
    if (location.protocol.startsWith("http")) localStorage.setItem("ll.devUserId", id);
  }, devUserId);
  await page.goto(`${productUrl}${path}`);
  return page;
}

/** Onboarding from the welcome: consent, no phone number ("Để sau"), and the card with its QR on screen. */
export async function completeJoin(page: Page): Promise<Page> {
  await page.getByRole("button", { name: "Trở thành thành viên" }).click();
  await page.getByRole("checkbox", { name: /Tôi đã đọc và đồng ý/ }).check();
  await page.getByRole("button", { name: "Đồng ý và tham gia" }).click();
  await page.getByRole("button", { name: "Để sau" }).click();
  await page.getByRole("img", { name: "Mã QR thành viên" }).waitFor();
  return page;
}

/** A new phone that joins the programme (openAsNewPhone, then completeJoin). */
export async function joinAsMember(browser: Browser, productUrl: string, devUserId: string): Promise<Page> {
  return completeJoin(await openAsNewPhone(browser, productUrl, devUserId));
}
