import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom lacks Element.prototype.scrollTo; zmp-ui <Page> calls it in a layout effect.
if (!(Element.prototype as { scrollTo?: unknown }).scrollTo) {
  (Element.prototype as { scrollTo: () => void }).scrollTo = () => {};
}
afterEach(() => cleanup());

// findBy*/waitFor wait for a condition; the ceiling only matters when a test fails. 1 s (the
// default) is too short on a busy CI machine, where a lazily loaded console page or the first
// render of a file can take longer to arrive (seen: 1.4–2.2 s with other work on both cores).
configure({ asyncUtilTimeout: 15_000 });
