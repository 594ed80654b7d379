import { sign } from "hono/jwt";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyHs256 } from "./hs256";

const secret = "s".repeat(40);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("HS256 verification", () => {
  it("accepts a token signed by hono/jwt with the same secret", async () => {
    const token = await sign({ sub: "u1", n: 1 }, secret, "HS256");
    expect(verifyHs256(token, secret)).toEqual({ sub: "u1", n: 1 });
  });

  it("refuses another secret, a changed payload, alg none, HS512 and garbage", async () => {
    const token = await sign({ sub: "u1" }, secret, "HS256");
    const [h, , s] = token.split(".");
    expect(verifyHs256(token, "t".repeat(40))).toBeNull();
    expect(verifyHs256(`${h}.${b64({ sub: "admin" })}.${s}`, secret)).toBeNull();
    expect(verifyHs256(`${b64({ alg: "none" })}.${b64({ sub: "u1" })}.`, secret)).toBeNull();
    const h512 = b64({ alg: "HS512", typ: "JWT" });
    const forged = createHmac("sha256", secret)
      .update(`${h512}.${b64({ sub: "u1" })}`)
      .digest("base64url");
    expect(verifyHs256(`${h512}.${b64({ sub: "u1" })}.${forged}`, secret)).toBeNull();
    for (const junk of ["", "a.b", "a.b.c.d", "###.###.###"]) expect(verifyHs256(junk, secret)).toBeNull();
  });
});
