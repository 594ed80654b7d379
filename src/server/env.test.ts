import { describe, expect, it } from "vitest";
import { devIdentityEnabled, EnvError, parseEnv } from "./env";

describe("environment", () => {
  it("runs on embedded defaults with nothing set: PGlite, port 3000, dev identity", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "./data", SEED_DEMO: true, BRAND_SLUG: "demo" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(devIdentityEnabled(env)).toBe(true);
  });

  it("names the bad variable", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => parseEnv({ ZALO_GRAPH_URL: "not a url" })).toThrow(EnvError);
  });

  it("requires a session secret and app id once a real Zalo secret is set (no dev identity then)", () => {
    expect(() => parseEnv({ ZALO_APP_SECRET: "s" })).toThrow(/SESSION_SECRET: is required[\s\S]*ZALO_APP_ID: is required/);
    const env = parseEnv({ ZALO_APP_SECRET: "s", ZALO_APP_ID: "123", SESSION_SECRET: "x".repeat(32) });
    expect(devIdentityEnabled(env)).toBe(false);
  });

  it("parses the CORS origin list", () => {
    expect(parseEnv({}).CORS_ORIGINS).toEqual(["https://h5.zdn.vn"]);
    expect(parseEnv({ CORS_ORIGINS: "https://a.vn, https://b.vn" }).CORS_ORIGINS).toEqual(["https://a.vn", "https://b.vn"]);
    expect(() => parseEnv({ CORS_ORIGINS: "nope" })).toThrow(/CORS_ORIGINS/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});
