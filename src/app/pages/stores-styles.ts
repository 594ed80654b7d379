import type { CSSProperties } from "react";

/*
 * The store list's and the invite's looks as style objects in their lazy chunk, not a CSS file:
 * zmp-vite-plugin lists every CSS file of the build for the host to load up front, so a page's
 * stylesheet would count against the first route's CSS budget (scripts/build/budget.ts).
 */
export const S = {
  list: { display: "flex", flexDirection: "column", gap: 12, margin: 0, padding: 0, listStyle: "none" },
  card: { padding: "14px 16px", borderRadius: "var(--radius)", background: "var(--surface)", color: "var(--ink)" },
  name: { margin: 0, fontSize: 16, lineHeight: "22px", fontWeight: 600 },
  address: { margin: "4px 0 0", fontSize: 14, lineHeight: "20px", color: "var(--ink-muted)" },
  status: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: 6,
    margin: "8px 0 0",
    padding: 0,
    minHeight: 32,
    border: 0,
    background: "none",
    color: "var(--ink)",
    font: "inherit",
    fontSize: 14,
    textAlign: "left",
  },
  open: { color: "var(--brand)", fontWeight: 600 },
  closed: { color: "var(--danger)", fontWeight: 600 },
  muted: { color: "var(--ink-muted)" },
  hours: { margin: "4px 0 0", borderCollapse: "collapse", fontSize: 14 },
  hoursDay: { padding: "2px 16px 2px 0", fontWeight: 400, color: "var(--ink-muted)", textAlign: "left" },
  actions: { display: "flex", gap: 8, marginTop: 12 },
  action: {
    flex: 1,
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    gap: 6,
    minHeight: 44,
    borderRadius: 22,
    background: "var(--brand)",
    color: "#fff",
    fontWeight: 600,
    fontSize: 15,
    textDecoration: "none",
  },
  actionSecondary: { background: "var(--brand-tint)", color: "var(--brand)" },
  invite: { display: "flex", flexDirection: "column", gap: 12 },
  inviteCard: { padding: 16, borderRadius: "var(--radius)", background: "var(--surface)" },
  inviteTitle: { margin: "0 0 8px", fontSize: 18, lineHeight: "24px" },
  inviteStores: { margin: "8px 0", paddingLeft: 4, listStyle: "none", display: "grid", gap: 4 },
} satisfies Record<string, CSSProperties>;
