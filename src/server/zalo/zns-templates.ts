/**
 * Reading the OA's approved ZNS templates, for a later "sync from Zalo" in the template
 * registry (docs/zalo.md#zns-send): GET {zns}/template/all?offset&limit&status and
 * GET {zns}/template/info?template_id, both with the OA token in the `access_token` header.
 * The response shapes are from third-party copies of Zalo's docs [3P], so every field is read
 * defensively and anything unexpected is an "unavailable" outcome, never an exception.
 */
import { callZalo, type FetchFn, type ZaloOutcome } from "./http";

export type ZnsTemplateSummary = { templateId: string; name: string; status: string; quality: string | null };
export type ZnsTemplateParam = { name: string; required: boolean; type: string; maxLength: number | null };
export type ZnsTemplateInfo = ZnsTemplateSummary & { params: ZnsTemplateParam[]; previewUrl: string | null };

/** The status filter must be a number (a string gives -132): 1 = enabled. */
export const ZNS_TEMPLATE_ENABLED = 1;

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);

export async function listZnsTemplates(
  config: { znsUrl: string; timeoutMs: number; fetch?: FetchFn },
  accessToken: string,
  page: { offset: number; limit: number; status?: number },
): Promise<ZaloOutcome<{ items: ZnsTemplateSummary[]; total: number | null }>> {
  const q = new URLSearchParams({
    offset: String(page.offset),
    limit: String(page.limit),
    ...(page.status === undefined ? {} : { status: String(page.status) }),
  });
  const out = await callZalo(
    config.fetch ?? fetch,
    `${config.znsUrl.replace(/\/+$/, "")}/template/all?${q}`,
    { headers: { access_token: accessToken } },
    config.timeoutMs,
  );
  if (!out.ok) return out;
  if (!Array.isArray(out.value.data)) return { ok: false, kind: "unavailable", message: "template list without data" };
  const items: ZnsTemplateSummary[] = [];
  for (const raw of out.value.data as Record<string, unknown>[]) {
    const templateId = str(raw?.templateId);
    if (!templateId) continue;
    items.push({
      templateId,
      name: str(raw.templateName) ?? templateId,
      status: str(raw.status) ?? "UNKNOWN",
      quality: str(raw.templateQuality),
    });
  }
  const total = Number((out.value.metadata as { total?: unknown } | undefined)?.total);
  return { ok: true, value: { items, total: Number.isFinite(total) ? total : null } };
}

export async function znsTemplateInfo(
  config: { znsUrl: string; timeoutMs: number; fetch?: FetchFn },
  accessToken: string,
  templateId: string,
): Promise<ZaloOutcome<ZnsTemplateInfo>> {
  const q = new URLSearchParams({ template_id: templateId });
  const out = await callZalo(
    config.fetch ?? fetch,
    `${config.znsUrl.replace(/\/+$/, "")}/template/info?${q}`,
    { headers: { access_token: accessToken } },
    config.timeoutMs,
  );
  if (!out.ok) return out;
  const data = out.value.data as Record<string, unknown> | undefined;
  const id = str(data?.templateId);
  if (!data || !id) return { ok: false, kind: "unavailable", message: "template info without data" };
  const params = (Array.isArray(data.listParams) ? (data.listParams as Record<string, unknown>[]) : []).flatMap((p) => {
    const name = str(p?.name);
    if (!name) return [];
    const max = Number(p.maxLength);
    return [
      {
        name,
        required: p.require === true || p.require === "true",
        type: str(p.type) ?? "STRING",
        maxLength: Number.isFinite(max) ? max : null,
      },
    ];
  });
  return {
    ok: true,
    value: {
      templateId: id,
      name: str(data.templateName) ?? id,
      status: str(data.status) ?? "UNKNOWN",
      quality: str(data.templateQuality),
      params,
      previewUrl: str(data.previewUrl),
    },
  };
}
