import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { trimZauiCss } from "../../scripts/build/zaui-css";

const zauiCss = readFileSync(createRequire(import.meta.url).resolve("zmp-ui/zaui.css"), "utf8");

/** The Mini App's zmp-ui stylesheet, trimmed at build time (scripts/build/zaui-css.ts, issue 12). */
describe("zaui.css as the Mini App ships it", () => {
  const trimmed = trimZauiCss(zauiCss);

  it("keeps what the components we use need, including the shared rules no component file has", () => {
    for (const selector of [".zaui-btn", ".zaui-bottom-navigation", ".zaui-snackbar", ".zaui-switch", ".zaui-page", ".zaui-routes"]) {
      expect(trimmed, selector).toContain(`${selector}{`);
    }
    // The modal's backdrop and wrapper live only in zaui.css: without them a dialog has no dimmed page behind it.
    expect(trimmed).toMatch(/\.zaui-mask\{[^}]*position:\s*fixed/);
    expect(trimmed).toMatch(/\.zaui-modal-wrapper\{[^}]*position:\s*fixed/);
    expect(trimmed).toMatch(/body\{[^}]*font-family:\s*-apple-system/);
    expect(trimmed).toContain("--zaui-light-color-primary");
  });

  it("drops unused components, the icon glyphs and the icon font from Zalo's CDN", () => {
    expect(zauiCss).toContain("ZMPIcons");
    expect(trimmed).not.toContain("ZMPIcons");
    expect(trimmed).not.toContain("h5.zadn.vn");
    expect(trimmed).not.toMatch(/\.zi-[\w-]+/);
    expect(trimmed).not.toMatch(/\.zaui-(avatar|calendar|date-picker|sheet|swiper|tabs|list-item)[\s.:{,]/);
    expect(trimmed.length).toBeLessThan(zauiCss.length / 2);
  });
});
