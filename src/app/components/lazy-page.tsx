import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { useT } from "../i18n/use-t";
import { PageSkeleton, Skeleton } from "./skeleton";

type Loader = () => Promise<ComponentType>;

/**
 * A page that loads on demand (docs/decisions/0019-mini-app-code-splitting.md): its code is a
 * separate chunk fetched the first time the page is opened, so the first screen downloads and
 * parses only what it draws. `load` imports the page module and picks its component:
 *
 *   const RewardsPage = lazyPage(() => import("./pages/rewards-page").then((m) => m.RewardsPage));
 *
 * `preload()` starts the download early (e.g. when the first screen is idle) without rendering.
 */
export function lazyPage(load: Loader): ComponentType & { preload: () => void } {
  let pending: Promise<{ default: ComponentType }> | null = null;
  const fetchOnce = () => (pending ??= load().then((component) => ({ default: component })));
  // A failed download (offline, a new deploy removed the old chunk) must be retryable, not cached.
  const retrying = () =>
    fetchOnce().catch((err: unknown) => {
      pending = null;
      throw err;
    });
  const Lazy: LazyExoticComponent<ComponentType> = lazy(retrying);
  function LazyPage() {
    return (
      <Suspense fallback={<PageFallback />}>
        <Lazy />
      </Suspense>
    );
  }
  LazyPage.preload = () => void retrying().catch(() => undefined);
  return LazyPage;
}

/** What a page looks like while its code downloads: the generic page skeleton. */
function PageFallback() {
  const t = useT();
  return (
    <div className="page">
      <PageSkeleton label={t("common.loading")}>
        <Skeleton height={160} radius={16} />
        <Skeleton width="70%" height={18} />
        <Skeleton width="50%" height={18} />
      </PageSkeleton>
    </div>
  );
}
