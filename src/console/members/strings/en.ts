import type { vi } from "./vi";

/** English strings of the member list, key for key the Vietnamese ones. */
export const en: Record<keyof typeof vi, string> = {
  "members.title": "Members",
  "members.subtitle": "Everyone who joined the programme, newest first.",
  "members.searchLabel": "Search members",
  "members.tableCaption": "Member list",
  "members.col.memberNo": "Card no.",
  "members.col.name": "Name",
  "members.col.phone": "Phone",
  "members.col.tier": "Tier",
  "members.col.points": "Points",
  "members.col.joinedAt": "Joined",
  "members.emptyHint": "Try another name (with or without accents), part of a card number, or the full phone number.",
  "members.emptyNoMembers": "Nobody has joined the programme yet.",
  "members.pageEmpty": "This page has no members.",
  "members.firstPage": "Back to first page",
  "members.clearSearch": "Clear search",
  "members.error": "Could not load the member list.",
  "members.pagingLabel": "Pagination",
  "members.prev": "Previous",
  "members.next": "Next",
  "members.pageSize": "Rows per page",
  "members.summary": "{from}–{to} of {total}",
  "members.summaryNone": "0 of {total}",
};
