import { z } from "zod";
import { Instant, TierSchema, Uuid } from "./common";
import { ExportQuery } from "./exports";
import { text } from "./text";

export const MEMBERS_PAGE_MAX = 100;

export const MemberListQuery = z
  .object({
    q: text().trim().max(100).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(MEMBERS_PAGE_MAX).default(20),
  })
  .meta({ id: "MemberListQuery" });
export type MemberListQuery = z.input<typeof MemberListQuery>;

/** The members export: every member the list's search finds (all without `q`), as CSV or XLSX. */
export const MemberExportQuery = ExportQuery.extend({ q: MemberListQuery.shape.q }).meta({ id: "MemberExportQuery" });

export const MemberRow = z
  .object({
    memberId: Uuid,
    memberNo: z.string(),
    displayName: z.string(),
    phoneMasked: z.string().nullable(),
    tier: TierSchema,
    pointsBalance: z.number().int(),
    joinedAt: Instant,
    /**
     * Brought in by a member import and not yet taken over by the phone's owner through Zalo: the
     * points wait for them; there is no Zalo account, so no consent and no messages yet.
     */
    imported: z.boolean(),
  })
  .meta({ id: "MemberRow" });
export type MemberRow = z.infer<typeof MemberRow>;

export const MemberListResponse = z
  .object({
    items: z.array(MemberRow),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: "MemberListResponse" });
export type MemberListResponse = z.infer<typeof MemberListResponse>;
