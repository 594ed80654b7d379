import type { Plugin } from "vite";

/**
 * zmp-ui's zaui.css styles every zmp-ui component (121 KB, 15.5 KB gzip) and loads an icon font
 * from Zalo's CDN (h5.zadn.vn). The Mini App uses a few components and draws its own SVG icons,
 * so this plugin drops, from that one file, the rules of the components we do not use, the
 * icon glyph classes (`.zi-*`) and the icon font's @font-face: issue 12 asks for ≤ 15 KB gzip
 * of CSS on the first route and no icon font from the CDN (docs/decisions/0019).
 *
 * A deny list, not a list of what we use: zaui.css also holds shared rules that no component's
 * own stylesheet has (the modal's mask and wrapper, the theme, the reset, the body font), and
 * those must stay. A page that starts using one of these components removes it from the list.
 */
export const UNUSED_ZAUI_COMPONENTS = [
  // Sheet's action list and Text: only their own components (and zmp-ui's stories) use these classes.
  "action-sheet",
  "avatar",
  "box",
  "calendar",
  "center",
  "checkbox",
  "cluster",
  "date-picker",
  "grid",
  "header",
  "image-viewer",
  "input",
  "list",
  "picker",
  "progress",
  "radio",
  "select",
  "sheet",
  "slider",
  "spinner",
  "stack",
  "swiper",
  "tabs",
  "text",
  "zbox",
] as const;

const ZAUI_CSS = /[\\/]zmp-ui[\\/]zaui\.css$/;

/** Top-level `prelude { body }` blocks of a stylesheet without comments. */
function blocks(css: string): { prelude: string; body: string }[] {
  const out: { prelude: string; body: string }[] = [];
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf("{", i);
    if (open < 0) break;
    let depth = 1;
    let k = open + 1;
    for (; k < css.length && depth > 0; k++) {
      if (css[k] === "{") depth++;
      else if (css[k] === "}") depth--;
    }
    out.push({ prelude: css.slice(i, open).trim(), body: css.slice(open + 1, k - 1) });
    i = k;
  }
  return out;
}

/** zaui.css without the rules that only style `unused` components, the icon classes and the icon font. */
export function trimZauiCss(css: string, unused: readonly string[] = UNUSED_ZAUI_COMPONENTS): string {
  const unusedSelector = new RegExp(`\\.zaui-(?:${unused.join("|")})(?![\\w-])|\\.zaui-(?:${unused.join("|")})-|\\.zi-`);
  const keep = (sheet: string): string =>
    blocks(sheet)
      .flatMap(({ prelude, body }) => {
        if (prelude.startsWith("@font-face")) return body.includes("ZMPIcons") ? [] : [`${prelude}{${body}}`];
        if (prelude.startsWith("@media") || prelude.startsWith("@supports")) {
          const inner = keep(body);
          return inner ? [`${prelude}{${inner}}`] : [];
        }
        if (prelude.startsWith("@")) return [`${prelude}{${body}}`];
        const selectors = prelude.split(",").filter((s) => !unusedSelector.test(s));
        return selectors.length ? [`${selectors.join(",")}{${body}}`] : [];
      })
      .join("\n");
  return keep(css.replace(/\/\*[\s\S]*?\*\//g, ""));
}

export function zauiCss(): Plugin {
  return {
    name: "loyalloop-zaui-css",
    enforce: "pre",
    transform(code, id) {
      if (!ZAUI_CSS.test(id.split("?")[0]!)) return null;
      return { code: trimZauiCss(code), map: null };
    },
  };
}
