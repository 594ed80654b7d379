import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEndpoints } from "../../src/contract/endpoints/auth";
import { loyaltyEndpoints } from "../../src/contract/endpoints/loyalty";
import { REWARD_IMAGE_MAX_BYTES } from "../../src/domain/loyalty/reward-image";
import { enrolledMember, testApi, type TestApi } from "../support/api";

/** Reward images uploaded in the console and reward content (issue 16), on PGlite and PostgreSQL. */
describe("reward images and content", () => {
  let api: TestApi;
  let mgr: string;
  let marketer: string;
  beforeAll(async () => {
    api = await testApi();
    mgr = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "manager" } })).body.session.accessToken;
    marketer = (await api.ok(authEndpoints.consoleDevLogin, { body: { role: "marketer" } })).body.session.accessToken;
  });
  afterAll(() => api.close());

  const upload = (bytes: Uint8Array, contentType = "image/jpeg", token = mgr) =>
    api.call("POST", loyaltyEndpoints.uploadRewardImage.path, { token, rawBody: bytes, headers: { "content-type": contentType } });
  // A photo as a phone takes it: wider than we keep, in landscape.
  const photo = (format: "jpeg" | "png") => {
    const canvas = sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 200, g: 80, b: 40 } } });
    return (format === "jpeg" ? canvas.jpeg() : canvas.png()).toBuffer();
  };

  it("resizes an upload to a 720 px WebP, serves it publicly with a year's cache, and a reward shows it", async () => {
    const up = await upload(await photo("jpeg"));
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ width: 720, height: 540, url: `/api/reward-images/${up.body.id}` });

    // Served to anyone (an <img> carries no token), as WebP, immutable, drawable from Zalo's origin.
    const served = await api.call("GET", `/reward-images/${up.body.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(served.bytes.byteLength).toBe(up.body.bytes);
    expect(await sharp(served.bytes).metadata()).toMatchObject({ format: "webp", width: 720, height: 540 });
    const again = await api.call("GET", `/reward-images/${up.body.id}`, { headers: { "if-none-match": served.headers.get("etag")! } });
    expect(again.status).toBe(304);

    // The reward points at the upload; its view gives the path to draw, the Mini App's catalogue too.
    const created = await api.ok(loyaltyEndpoints.createReward, {
      token: mgr,
      body: { name: "Bánh mì", pointsCost: 30, imageId: up.body.id, imageUrl: null },
    });
    expect(created.body).toMatchObject({ imageId: up.body.id, imageUrl: up.body.url });
    const member = await enrolledMember(api, "img-1");
    const catalog = await api.ok(loyaltyEndpoints.catalog, { token: member.session.accessToken });
    expect(catalog.body.items.find((r) => r.id === created.body.id)).toMatchObject({ imageUrl: up.body.url });

    // An address is still accepted, and replaces the upload when the upload is taken off.
    const typed = await api.ok(loyaltyEndpoints.updateReward, {
      token: mgr,
      params: { rewardId: created.body.id },
      body: { imageId: null, imageUrl: "https://cdn.example.vn/banh-mi.jpg" },
    });
    expect(typed.body).toMatchObject({ imageId: null, imageUrl: "https://cdn.example.vn/banh-mi.jpg" });
  });

  it("takes PNG and WebP; refuses other files by their bytes, not their name or type, and changes nothing", async () => {
    expect((await upload(await photo("png"), "image/png")).status).toBe(201);
    const webp = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#0a0" } })
      .webp()
      .toBuffer();
    // Smaller than 720 px: kept at its size, never enlarged.
    expect((await upload(webp, "application/octet-stream")).body).toMatchObject({ width: 300, height: 300 });

    const gif = Buffer.from("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;", "latin1");
    expect((await upload(gif, "image/jpeg")).body.error.code).toBe("unsupported_media_type");
    const svg = Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>");
    expect((await upload(svg, "image/png")).status).toBe(415);
    expect((await upload(await photo("jpeg"), "text/plain")).status).toBe(415);
    // A JPEG header over garbage: the right magic bytes, nothing to decode.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    expect((await upload(broken)).body.error.code).toBe("image_unreadable");
    const huge = new Uint8Array(REWARD_IMAGE_MAX_BYTES + 1);
    huge.set([0xff, 0xd8, 0xff]);
    const tooLarge = await upload(huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.params).toEqual({ max: REWARD_IMAGE_MAX_BYTES });
    expect((await upload(await photo("jpeg"), "image/jpeg", marketer)).status).toBe(403);
    expect(
      (await api.call("POST", loyaltyEndpoints.uploadRewardImage.path, { rawBody: webp, headers: { "content-type": "image/webp" } }))
        .status,
    ).toBe(401);

    const images = await api.database.db.execute("select count(*)::int as n from reward_images");
    expect((images as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(3);
  });

  it("refuses a reward pointing at an image that is not an upload of this brand, and serves no unknown id", async () => {
    const refused = await api.refused(loyaltyEndpoints.createReward, {
      token: mgr,
      body: { name: "Quà lạ", pointsCost: 10, imageId: "00000000-0000-4000-8000-000000000001" },
    });
    expect(refused.body.error.issues).toEqual([{ code: "image_not_found", field: "imageId" }]);
    expect((await api.call("GET", "/reward-images/00000000-0000-4000-8000-000000000001")).status).toBe(404);
  });

  it("keeps a reward's name and description in Vietnamese and, optionally, English; the catalogue gives both", async () => {
    const created = await api.ok(loyaltyEndpoints.createReward, {
      token: mgr,
      body: { name: "Trà đào", description: "Một ly size L", nameEn: "Peach tea", descriptionEn: "One large cup", pointsCost: 40 },
    });
    expect(created.body).toMatchObject({ name: "Trà đào", nameEn: "Peach tea", descriptionEn: "One large cup" });
    const member = await enrolledMember(api, "en-1");
    const catalog = await api.ok(loyaltyEndpoints.catalog, { token: member.session.accessToken });
    expect(catalog.body.items.find((r) => r.id === created.body.id)).toMatchObject({ name: "Trà đào", nameEn: "Peach tea" });
    // English taken off: null, and the app falls back to the Vietnamese.
    const cleared = await api.ok(loyaltyEndpoints.updateReward, {
      token: mgr,
      params: { rewardId: created.body.id },
      body: { nameEn: null, descriptionEn: null },
    });
    expect(cleared.body).toMatchObject({ name: "Trà đào", nameEn: null, descriptionEn: null });
    // The English name has the Vietnamese one's limits.
    const refused = await api.refused(loyaltyEndpoints.updateReward, {
      token: mgr,
      params: { rewardId: created.body.id },
      body: { nameEn: "x" },
    });
    expect(refused.body.error.issues?.[0]).toMatchObject({ field: "nameEn" });
  });
});
