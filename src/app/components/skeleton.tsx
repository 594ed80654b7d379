import type { CSSProperties } from "react";

type Props = { width?: CSSProperties["width"]; height?: CSSProperties["height"]; radius?: number; className?: string };

/** A shimmering placeholder block with the shape of the content that is loading. */
export function Skeleton({ width = "100%", height = 16, radius = 8, className = "" }: Props) {
  return <span className={`skeleton ${className}`} style={{ width, height, borderRadius: radius }} aria-hidden="true" />;
}

/** The shape of a page while its data loads; announced once to screen readers. */
export function PageSkeleton({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="page-skeleton" role="status" aria-busy="true" aria-label={label}>
      {children}
    </div>
  );
}
