import type { Plugin } from "vite";

/**
 * zmp-ui's zaui.css is every component's stylesheet (109 KB, 14.8 KB gzip) and loads an icon
 * font from Zalo's CDN (h5.zadn.vn). The Mini App imports only the stylesheets of the
 * components it uses (src/app/styles/zaui.css) and draws its own SVG icons, so no font is
 * fetched at all (issue 12: first-route CSS ≤ 15 KB gzip, no icon font from the CDN).
 *
 * Each of those per-component files (zmp-ui/<name>/styles/<name>.css) repeats the whole theme:
 * the 14 KB `:root{…}` block of --zaui-* variables and the same eight @keyframes. This plugin
 * keeps them in app/styles/app.css (imported first) and strips them from the others, so the
 * theme ships once. Stripping a block only if app.css has the identical text keeps it safe
 * across zmp-ui upgrades: anything that differs is left as it is.
 */
const ZAUI_COMPONENT_CSS = /[\\/]zmp-ui[\\/](?!app[\\/])[\w-]+[\\/]styles[\\/][\w-]+\.css$/;
const ZAUI_APP_CSS = /[\\/]zmp-ui[\\/]app[\\/]styles[\\/]app\.css$/;

/** The top-level `:root{…}` and `@keyframes name{…}` blocks of a minified stylesheet. */
export function themeBlocks(css: string): string[] {
  return [...css.matchAll(/:root\{[^{}]*\}|@keyframes [\w-]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g)].map((m) => m[0]);
}

export function stripRepeatedTheme(css: string, theme: ReadonlySet<string>): string {
  let out = css;
  for (const block of themeBlocks(css)) if (theme.has(block)) out = out.replace(block, "");
  return out;
}

export function zauiCss(): Plugin {
  let theme: Set<string> | null = null;
  return {
    name: "loyalloop-zaui-css",
    enforce: "pre",
    async transform(code, id) {
      const file = id.split("?")[0]!;
      if (!ZAUI_COMPONENT_CSS.test(file)) return null;
      if (!theme) {
        const appCss = await this.resolve("zmp-ui/app/styles/app.css", id);
        if (!appCss || !ZAUI_APP_CSS.test(appCss.id)) return null;
        const { readFile } = await import("node:fs/promises");
        theme = new Set(themeBlocks(await readFile(appCss.id, "utf8")));
      }
      return { code: stripRepeatedTheme(code, theme), map: null };
    },
  };
}
