import { OpenAPIHono } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { loyaltyEndpoints } from "../../../contract/endpoints/loyalty";
import { rewardImagePath, type RewardImage } from "../../../contract/loyalty";
import { MANAGERS } from "../../../domain/identity/roles";
import {
  REWARD_IMAGE_MAX_BYTES,
  REWARD_IMAGE_MAX_HEIGHT,
  REWARD_IMAGE_MAX_PIXELS,
  REWARD_IMAGE_WIDTH,
  sniffImageType,
} from "../../../domain/loyalty/reward-image";
import type { Db } from "../../db/client";
import { rewardImages } from "../../db/schema";
import type { AppEnv } from "../../http/context";
import { fail } from "../../http/errors";
import { routesAt } from "../../http/route";

// One resize at a time per process: libvips already spreads one image over the cores, and two
// managers uploading at once should not starve the counter's earns (the machine has 2 cores).
sharp.concurrency(1);

type Resized = { bytes: Buffer; width: number; height: number };

/**
 * The upload made into what phones download: EXIF orientation applied (a portrait photo stays
 * upright) and metadata dropped (no GPS position of the shop's phone), at most 720 px wide and
 * 1440 px tall, never enlarged, WebP at quality 80 (a 720 px photo is ~40–80 KB). Null when
 * libvips cannot decode it (a truncated or corrupt file with a right header).
 */
export async function resizeRewardImage(input: Uint8Array): Promise<Resized | null> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: REWARD_IMAGE_MAX_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: REWARD_IMAGE_WIDTH, height: REWARD_IMAGE_MAX_HEIGHT, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

/** An uploaded image of this brand exists (a reward may only point at its own brand's images). */
export async function rewardImageInBrand(db: Db, brandId: string, imageId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: rewardImages.id })
    .from(rewardImages)
    .where(and(eq(rewardImages.id, imageId), eq(rewardImages.brandId, brandId)));
  return row !== undefined;
}

const consoleRoute = routesAt("/console");
const publicRoute = routesAt("");

const upload = consoleRoute(loyaltyEndpoints.uploadRewardImage, {
  tags: ["Console"],
  summary: "Upload a reward image (managers only): checked, resized to WebP and stored; its id goes into a reward's imageId",
  description:
    "The body is the file itself (Content-Type image/jpeg, image/png, image/webp or application/octet-stream), at most " +
    `${REWARD_IMAGE_MAX_BYTES} bytes. The type is read from the file's first bytes, not its name or Content-Type. The server ` +
    `keeps a WebP at most ${REWARD_IMAGE_WIDTH} px wide and ${REWARD_IMAGE_MAX_HEIGHT} px tall, orientation applied and metadata dropped.`,
  access: MANAGERS,
  limit: "upload",
  ok: "Stored",
  errors: {
    413: "payload_too_large (params.max)",
    415: "unsupported_media_type (not a JPEG, PNG or WebP)",
    422: "image_unreadable (the file is damaged or too large in pixels)",
  },
});

const serve = publicRoute(loyaltyEndpoints.rewardImage, {
  tags: ["Rewards"],
  summary: "An uploaded reward image (public, cached for a year: an image never changes, a new upload has a new id)",
  access: "public",
  limit: "images",
  ok: "The WebP image",
  errors: { 404: "not_found" },
});

export const rewardImageConsoleRoutes = new OpenAPIHono<AppEnv>().openapi(upload, async (c) => {
  const { database } = c.get("deps");
  const auth = c.get("auth");
  // http/uploads.ts has already refused a declared length over the limit; a chunked body is counted as it arrives.
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.byteLength > REWARD_IMAGE_MAX_BYTES) {
    return fail(c, "payload_too_large", `The image is larger than ${REWARD_IMAGE_MAX_BYTES} bytes.`, undefined, {
      max: REWARD_IMAGE_MAX_BYTES,
    });
  }
  if (!sniffImageType(body)) return fail(c, "unsupported_media_type", "Send a JPEG, PNG or WebP image.");
  const resized = await resizeRewardImage(body);
  if (!resized) return fail(c, "image_unreadable", "The image could not be read: it may be damaged.");
  const [row] = await database.db
    .insert(rewardImages)
    .values({
      brandId: auth.brandId,
      contentType: "image/webp",
      bytes: resized.bytes,
      width: resized.width,
      height: resized.height,
      uploadedBy: auth.userId,
    })
    .returning({ id: rewardImages.id });
  const out: RewardImage = {
    id: row!.id,
    url: rewardImagePath(row!.id),
    width: resized.width,
    height: resized.height,
    bytes: resized.bytes.byteLength,
  };
  return c.json(out, 201);
});

export const rewardImagePublicRoutes = new OpenAPIHono<AppEnv>().openapi(serve, async (c) => {
  const { imageId } = c.req.valid("param");
  // An id is an unguessable random UUID and one deployment serves one brand (decision 0042), so
  // the image is looked up by id alone: the Mini App's <img> carries no token to name a brand by.
  const [row] = await c
    .get("deps")
    .database.db.select({ bytes: rewardImages.bytes, contentType: rewardImages.contentType })
    .from(rewardImages)
    .where(eq(rewardImages.id, imageId));
  if (!row) return fail(c, "not_found", "No such image.");
  if (c.req.header("if-none-match") === `"${imageId}"`) return c.body(null, 304) as never;
  return c.body(new Uint8Array(row.bytes), 200, {
    "content-type": row.contentType,
    "cache-control": "public, max-age=31536000, immutable",
    etag: `"${imageId}"`,
  }) as never;
});
