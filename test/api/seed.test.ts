import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brands, members, oaTokens } from "../../src/server/db/schema";
import { seedDemo } from "../../src/server/db/seed";
import { testApi, type TestApi } from "../support/api";

describe("demo data never reaches a brand with a real OA", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  const brandCount = async (slug: string) => (await api.database.db.select().from(brands).where(eq(brands.slug, slug))).length;

  it("refuses to seed any brand when this deployment sends through a real OA (ZNS_TRANSPORT=zalo)", async () => {
    expect(await seedDemo(api.database.db, "cafe-that", api.clock.now(), { realOa: true })).toBe("refused_real_oa");
    expect(await brandCount("cafe-that")).toBe(0);
  });

  it("refuses a brand whose OA tokens are stored, and seeds a new sandbox brand once", async () => {
    const [demo] = await api.database.db.select().from(brands).where(eq(brands.slug, "demo"));
    expect(await seedDemo(api.database.db, "demo", api.clock.now())).toBe("exists");
    await api.database.db
      .insert(oaTokens)
      .values({ brandId: demo!.id, accessTokenEnc: "v1.x.y.z", refreshTokenEnc: "v1.x.y.z", expiresAt: new Date(api.clock.now()) });
    const before = (await api.database.db.select().from(members)).length;
    expect(await seedDemo(api.database.db, "demo", api.clock.now())).toBe("refused_real_oa");
    expect((await api.database.db.select().from(members)).length).toBe(before);
    expect(await seedDemo(api.database.db, "sandbox-two", api.clock.now())).toBe("seeded");
    expect(await seedDemo(api.database.db, "sandbox-two", api.clock.now())).toBe("exists");
  });
});
