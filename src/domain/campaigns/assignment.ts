/**
 * Which arm of a campaign a member is in: A, B (two templates or two mappings) or the control
 * group that gets nothing. Deterministic per (campaign, member), so materialising a campaign
 * again, or in two processes at once, puts every member in the same arm; independent between
 * campaigns, so the same members are not always the control group. Decision 0034.
 *
 * The hash is FNV-1a (32 bit) over the UTF-16 code units of `campaignId:memberId`, finished
 * with murmur3's fmix32 so that ids differing in one character spread over every bucket; pure
 * integer arithmetic, the same in the server, a browser and a test.
 */

/** A campaign's arms: the sending arms' keys (A, B) and the control group. */
export const ARM_KEYS = ["A", "B"] as const;
export type ArmKey = (typeof ARM_KEYS)[number];
export const CONTROL = "control" as const;
export type Assignment = ArmKey | typeof CONTROL;

/** Shares are whole percents: the sending arms' and the control group's add up to 100. */
export type ArmShares = { arms: readonly { key: ArmKey; sharePercent: number }[]; controlPercent: number };

/** 10,000 buckets: a whole percent is 100 of them. */
export const BUCKETS = 10_000;

/** FNV-1a 32 bit, then murmur3's finaliser (fmix32); unsigned. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The member's bucket in [0, BUCKETS) for this campaign (the modulo bias is below 3·10⁻⁶). */
export const bucketOf = (campaignId: string, memberId: string) => hash32(`${campaignId}:${memberId}`) % BUCKETS;

/** Whether the shares are whole percents from 0 to 100 adding up to 100 with at least one sending arm above 0. */
export function sharesValid(s: ArmShares): boolean {
  const parts = [...s.arms.map((a) => a.sharePercent), s.controlPercent];
  return (
    parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 100) &&
    parts.reduce((a, b) => a + b, 0) === 100 &&
    s.arms.some((a) => a.sharePercent > 0) &&
    new Set(s.arms.map((a) => a.key)).size === s.arms.length
  );
}

/**
 * The arm of one member: the control group takes the first `controlPercent` of the buckets,
 * the arms the following ranges in their order. Shares must be valid (sharesValid).
 */
export function assignArm(campaignId: string, memberId: string, s: ArmShares): Assignment {
  const bucket = bucketOf(campaignId, memberId);
  let upper = s.controlPercent * (BUCKETS / 100);
  if (bucket < upper) return CONTROL;
  for (const arm of s.arms) {
    upper += arm.sharePercent * (BUCKETS / 100);
    if (bucket < upper) return arm.key;
  }
  // Unreachable with valid shares (they cover every bucket); the last arm keeps it total.
  return s.arms[s.arms.length - 1]!.key;
}

/**
 * Pearson's chi-square statistic of observed counts against the shares (tests, and a check a
 * results page can show): Σ (observed − expected)² / expected over the arms with a share.
 */
export function chiSquare(observed: Readonly<Record<string, number>>, s: ArmShares): { statistic: number; degreesOfFreedom: number } {
  const total = Object.values(observed).reduce((a, b) => a + b, 0);
  const shares: [string, number][] = [[CONTROL, s.controlPercent], ...s.arms.map((a): [string, number] => [a.key, a.sharePercent])];
  const expected = shares.filter(([, p]) => p > 0);
  let statistic = 0;
  for (const [key, percent] of expected) {
    const e = (total * percent) / 100;
    statistic += ((observed[key] ?? 0) - e) ** 2 / e;
  }
  return { statistic, degreesOfFreedom: expected.length - 1 };
}

/**
 * The members a preview shows: taken from the arms in turn (A, B, …, then the control group),
 * each arm's in the order given, up to `limit`. The first members of a segment in card order
 * are split by the hash, so five of them may all be in one arm (0.6⁵ ≈ 8 % of campaigns at
 * 40/40/20 show no B); a marketer checking arm B's wording must see arm B whenever the
 * candidates hold one.
 */
export function previewPick<T extends { arm: Assignment }>(candidates: readonly T[], s: ArmShares, limit: number): T[] {
  const order: Assignment[] = [...s.arms.filter((a) => a.sharePercent > 0).map((a) => a.key), ...(s.controlPercent > 0 ? [CONTROL] : [])];
  const queues = order.map((arm) => candidates.filter((c) => c.arm === arm));
  const picked: T[] = [];
  for (let round = 0; picked.length < limit && queues.some((q) => q.length > round); round++)
    for (const q of queues) if (round < q.length && picked.length < limit) picked.push(q[round]!);
  return picked;
}
