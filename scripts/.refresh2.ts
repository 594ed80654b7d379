import http from "node:http";
import { startProduct } from "../test/e2e/harness";
const product = await startProduct();
const u = new URL(`${product.url}/api/console/auth/refresh`);
for (const enc of ["gzip, deflate, br, zstd", "identity"]) {
  await new Promise<void>((resolve) => {
    const t0 = Date.now();
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { "x-loyalloop-console": "1", "accept-encoding": enc, origin: product.url, "sec-fetch-site": "same-origin", "content-length": 0 } }, (res) => {
      console.log(enc, res.statusCode, JSON.stringify(res.headers));
      let n = 0;
      res.on("data", (d) => (n += d.length));
      res.on("end", () => { console.log("end", n, "bytes", Date.now() - t0, "ms"); resolve(); });
    });
    req.setTimeout(4000, () => { console.log(enc, "TIMEOUT"); req.destroy(); resolve(); });
    req.end();
  });
}
await product.close();
