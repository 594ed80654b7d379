/**
 * A saved segment: a name and a rule, versioned like surveys and the preference form — every
 * save is a new immutable version, and a campaign records the version it was sent to, so
 * editing a segment never changes whom a past campaign targeted. Archiving hides it from the
 * builder's list and from new campaigns; its versions stay readable.
 */
export const SEGMENT_STATUSES = ["active", "archived"] as const;
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number];
