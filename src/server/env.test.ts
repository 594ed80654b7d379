import { describe, expect, it } from "vitest";
import { devIdentityEnabled, EnvError, parseEnv, startupWarnings } from "./env";

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

  const real = { ZALO_APP_ID: "123", ZALO_APP_SECRET: "s", SESSION_SECRET: "x".repeat(32) };
  const zalo = { ...real, ZNS_TRANSPORT: "zalo", ZALO_OA_SECRET: "oa", TOKEN_ENCRYPTION_KEY: "ab".repeat(32) };

  it("requires ZALO_OA_SECRET, by name, to send through Zalo, and an app id with an OA secret", () => {
    expect(() => parseEnv({ ...zalo, ZALO_OA_SECRET: undefined })).toThrow(/ZALO_OA_SECRET: is required when ZNS_TRANSPORT=zalo/);
    expect(parseEnv(zalo).ZNS_TRANSPORT).toBe("zalo");
    // The webhook signature covers the app id: an OA secret alone verifies nothing.
    expect(() => parseEnv({ ZALO_OA_SECRET: "oa" })).toThrow(/ZALO_APP_ID: is required when ZALO_OA_SECRET is set/);
  });

  it("says at start-up that the webhook refuses every event when a real app has no OA secret", () => {
    expect(startupWarnings(parseEnv(real))).toEqual([expect.stringMatching(/ZALO_OA_SECRET is not set.*refuses every/)]);
    expect(startupWarnings(parseEnv({ ...real, ZALO_OA_SECRET: "oa" }))).toEqual([]);
    expect(startupWarnings(parseEnv({}))).toEqual([]);
  });

  it("seeds demo data by default only in dev identity mode: with a real app secret it is opt-in", () => {
    expect(parseEnv({}).SEED_DEMO).toBe(true);
    expect(parseEnv({ SEED_DEMO: "false" }).SEED_DEMO).toBe(false);
    expect(parseEnv(real).SEED_DEMO).toBe(false);
    expect(parseEnv({ ...real, SEED_DEMO: "true" }).SEED_DEMO).toBe(true);
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
