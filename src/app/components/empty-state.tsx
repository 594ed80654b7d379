import type { ReactNode } from "react";

/** What a list shows when it has nothing yet: an icon, a line that says so, and what to do. */
export function EmptyState({ icon, title, hint, children }: { icon: ReactNode; title: string; hint: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <span className="empty-state__icon">{icon}</span>
      <h2 className="empty-state__title">{title}</h2>
      <p className="muted small">{hint}</p>
      {children}
    </div>
  );
}
