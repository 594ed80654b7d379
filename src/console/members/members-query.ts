import { MEMBERS_PAGE_MAX, type MemberListQuery } from "../../contract/console";

/** Page sizes offered in the UI; the API caps pageSize at MEMBERS_PAGE_MAX. */
export const PAGE_SIZES = [20, 50, MEMBERS_PAGE_MAX] as const;
export const DEFAULT_PAGE_SIZE = PAGE_SIZES[0];

export type MembersQuery = { q: string; page: number; pageSize: number };

/**
 * The list state lives in the URL (?q=&page=&pageSize=) so reload, back/forward and a shared
 * link all show the same page. Hand-edited junk falls back to the defaults instead of erroring.
 */
export function readMembersQuery(params: URLSearchParams): MembersQuery {
  const page = Number(params.get("page"));
  const pageSize = Number(params.get("pageSize"));
  return {
    q: params.get("q") ?? "",
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** Defaults are left out so the plain /members URL stays plain. */
export function writeMembersQuery(query: MembersQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.page !== 1) params.set("page", String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(query.pageSize));
  return params;
}

/** The API query for a list query; the search text is trimmed here, not in the box being typed in. */
export function membersApiQuery(query: MembersQuery): MemberListQuery {
  const q = query.q.trim();
  return { q: q || undefined, page: query.page, pageSize: query.pageSize };
}
