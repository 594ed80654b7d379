import { startProduct } from "../test/e2e/harness";
const product = await startProduct();
const t0 = Date.now();
const ctl = AbortSignal.timeout(5000);
try {
  const res = await fetch(`${product.url}/api/console/auth/refresh`, { method: "POST", headers: { "x-loyalloop-console": "1", "content-type": "application/json" }, body: "{}", signal: ctl });
  console.log(res.status, await res.text(), Date.now() - t0, "ms");
} catch (e) { console.log("ERR", String(e), Date.now() - t0); }
try {
  const res = await fetch(`${product.url}/api/console/auth/refresh`, { method: "POST", headers: { "x-loyalloop-console": "1" }, signal: AbortSignal.timeout(5000) });
  console.log(res.status, await res.text(), Date.now() - t0, "ms");
} catch (e) { console.log("ERR2", String(e), Date.now() - t0); }
await product.close();
