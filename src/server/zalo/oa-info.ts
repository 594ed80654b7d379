/**
 * The two reads "check connection" makes with the OA's access token (docs/zalo-setup.md):
 * - the OA's profile, GET {openapi}/v2.0/oa/getoa: `data.oa_id`, `data.name` [3P: the OA
 *   OpenAPI v2 "get OA profile" as third-party clients call it; not in our platform notes];
 * - the ZNS quota, GET {zns}/message/quota: `data.dailyQuota`, `data.remainingQuota`
 *   (../shared/docs/zalo-platform.md §4.1: strings or numbers, read defensively).
 * Both send the token in the `access_token` header, as every OA/ZNS call does.
 */
import { callZalo, type FetchFn, type ZaloOutcome } from "./http";

type Config = { timeoutMs: number; fetch?: FetchFn };

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);
const int = (v: unknown) => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : typeof v === "number" ? v : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
};

export async function getOaProfile(
  config: Config & { openapiUrl: string },
  accessToken: string,
): Promise<ZaloOutcome<{ oaId: string; name: string | null }>> {
  const out = await callZalo(
    config.fetch ?? fetch,
    `${config.openapiUrl.replace(/\/+$/, "")}/v2.0/oa/getoa`,
    { headers: { access_token: accessToken } },
    config.timeoutMs,
  );
  if (!out.ok) return out;
  const data = out.value.data as Record<string, unknown> | undefined;
  const oaId = str(data?.oa_id);
  if (!oaId) return { ok: false, kind: "unavailable", message: "OA profile without oa_id" };
  return { ok: true, value: { oaId, name: str(data?.name) } };
}

export async function getZnsQuota(
  config: Config & { znsUrl: string },
  accessToken: string,
): Promise<ZaloOutcome<{ dailyQuota: number | null; remainingQuota: number | null }>> {
  const out = await callZalo(
    config.fetch ?? fetch,
    `${config.znsUrl.replace(/\/+$/, "")}/message/quota`,
    { headers: { access_token: accessToken } },
    config.timeoutMs,
  );
  if (!out.ok) return out;
  const data = out.value.data as Record<string, unknown> | undefined;
  if (!data || typeof data !== "object") return { ok: false, kind: "unavailable", message: "quota answer without data" };
  return { ok: true, value: { dailyQuota: int(data.dailyQuota), remainingQuota: int(data.remainingQuota) } };
}
