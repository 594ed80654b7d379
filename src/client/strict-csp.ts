import { z } from "zod";

/**
 * The Mini App and the console run under a Content-Security-Policy without 'unsafe-eval'
 * (src/server/http/security-headers.ts). zod compiles object parsers with `new Function` when
 * it may, and its first parse probes for that; under the CSP the probe fails harmlessly but is
 * reported as a violation on every page load. jitless skips the probe and the compilation.
 * Imported first by both entry points, before anything parses.
 */
z.config({ jitless: true });
