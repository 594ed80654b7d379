import { useAtomValue, useSetAtom } from "jotai";
import { useCallback, useRef, useState } from "react";
import { Button, Page, useNavigate } from "zmp-ui";
import type { Catalog, VoucherView } from "../../contract/loyalty";
import { useTabRoutes } from "../components/bottom-nav";
import { Dialog } from "../components/dialog";
import { EmptyState } from "../components/empty-state";
import { CheckCircleIcon, GiftIcon, StarIcon } from "../components/icons";
import { Notice } from "../components/notice";
import { PageTitle } from "../components/page-title";
import { usePageEntry } from "../components/use-page-entry";
import { Redirect } from "../components/redirect";
import { PageSkeleton, Skeleton } from "../components/skeleton";
import { VoucherTicket } from "../components/voucher-ticket";
import { errorKey } from "../i18n/error-key";
import { useFormatDate, useFormatNumber, useT, type Translate } from "../i18n/use-t";
import type { MessageKey } from "../i18n/vi";
import { ROUTES } from "../routes";
import { failureCode, mediaUrl } from "../state/api";
import { catalogAtom, loadCatalogAtom, newIdempotencyKey, redeemAtom } from "../state/rewards";
import { meAtom } from "../state/session";
import { localeAtom } from "../state/locale";
import { brandText } from "../../domain/locale/locale";

type Reward = Catalog["items"][number];
type Flow =
  | { step: "confirm"; reward: Reward; available: number; key: string; busy: boolean; error: MessageKey | null; canRetry: boolean }
  | { step: "done"; voucher: VoucherView };

/** "Đổi quà": the catalog, each reward with its cost and either a redeem button or why not. */
export function RewardsPage() {
  const t = useT();
  const me = useAtomValue(meAtom);
  const locale = useAtomValue(localeAtom);
  const formatNumber = useFormatNumber();
  const navigate = useNavigate();
  // A tab switch where Voucher is a tab; a page on top of this one where it is not (routes.ts).
  const vouchersIsTab = useTabRoutes().includes(ROUTES.vouchers);
  const redeem = useSetAtom(redeemAtom);
  const catalog = useAtomValue(catalogAtom);
  const loadCatalog = useSetAtom(loadCatalogAtom);
  const [flow, setFlow] = useState<Flow | null>(null);
  const [open, setOpen] = useState(false);
  // Keys of attempts that failed on the network, per reward: asking again reuses the key.
  const unsettledKeys = useRef(new Map<string, string>());

  const load = useCallback((quiet = false) => loadCatalog({ quiet }), [loadCatalog]);

  // Quietly when the catalog is already on screen: balance and stock may have changed.
  usePageEntry(() => void load(catalog.status === "ready"));

  if (me && !me.user.isMember) return <Redirect to={ROUTES.start} />;

  function ask(reward: Reward, available: number) {
    const key = unsettledKeys.current.get(reward.id) ?? newIdempotencyKey();
    setFlow({ step: "confirm", reward, available, key, busy: false, error: null, canRetry: true });
    setOpen(true);
  }

  async function confirm() {
    if (flow?.step !== "confirm") return;
    const { reward, key } = flow;
    setFlow({ ...flow, busy: true, error: null });
    try {
      const { voucher } = await redeem({ rewardId: reward.id, idempotencyKey: key });
      unsettledKeys.current.delete(reward.id);
      setFlow({ step: "done", voucher });
      void load(true);
    } catch (err) {
      const code = failureCode(err);
      const network = code === "network";
      if (network) unsettledKeys.current.set(reward.id, key);
      else unsettledKeys.current.delete(reward.id);
      setFlow({ ...flow, busy: false, error: errorKey(code), canRetry: network });
      // The catalog was out of date (stock, balance, tier): show what is true now.
      if (!network) void load(true);
    }
  }

  const close = () => setOpen(false);
  const busy = flow?.step === "confirm" && flow.busy;

  return (
    <Page className="page page--tab">
      <PageTitle title={t("rewards.heading")} />
      {catalog.status === "loading" && <RewardsSkeleton label={t("common.loading")} />}
      {catalog.status === "error" && (
        <div className="stack-12">
          <Notice tone="error">{t(errorKey(catalog.code) === "error.generic" ? "rewards.loadError" : errorKey(catalog.code))}</Notice>
          <Button variant="secondary" fullWidth onClick={() => void load()}>
            {t("common.retry")}
          </Button>
        </div>
      )}
      {catalog.status === "ready" && (
        <>
          <p className="points-pill" data-testid="rewards-available">
            <StarIcon size={18} />
            {t("rewards.available", { points: formatNumber(catalog.data.available) })}
          </p>
          {catalog.data.items.length === 0 ? (
            <EmptyState icon={<GiftIcon size={28} />} title={t("rewards.empty")} hint={t("rewards.emptyHint")} />
          ) : (
            <ul className="rewards">
              {catalog.data.items.map((reward) => (
                <li key={reward.id}>
                  <RewardCard reward={reward} available={catalog.data.available} onRedeem={() => ask(reward, catalog.data.available)} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <Dialog visible={open} onClose={() => !busy && close()} afterClose={() => setFlow(null)} labelledBy="redeem-title" busy={busy}>
        {flow?.step === "confirm" && (
          <div className="dialog-body">
            <h2 className="dialog-title" id="redeem-title">
              {t("rewards.confirmTitle", {
                points: formatNumber(flow.reward.pointsCost),
                reward: brandText(locale, flow.reward.name, flow.reward.nameEn),
              })}
            </h2>
            <p className="muted">
              {t("rewards.confirmBalance", { points: formatNumber(Math.max(0, flow.available - flow.reward.pointsCost)) })}
            </p>
            {flow.error && <Notice tone="error">{t(flow.error)}</Notice>}
            <div className="dialog-actions">
              <Button variant="secondary" disabled={flow.busy} onClick={close}>
                {flow.canRetry ? t("common.cancel") : t("common.close")}
              </Button>
              {flow.canRetry && (
                <Button loading={flow.busy} disabled={flow.busy} onClick={() => void confirm()}>
                  {flow.error ? t("common.retry") : t("rewards.confirm")}
                </Button>
              )}
            </div>
          </div>
        )}
        {flow?.step === "done" && (
          <div className="dialog-body">
            <p className="dialog-success">
              <CheckCircleIcon size={22} /> {t("rewards.success")}
            </p>
            <VoucherTicket voucher={flow.voucher} titleId="redeem-title" />
            <div className="dialog-actions dialog-actions--stack">
              <Button
                fullWidth
                onClick={() => {
                  close();
                  navigate(ROUTES.vouchers, vouchersIsTab ? { animate: false, replace: true } : {});
                }}
              >
                {t("rewards.viewVouchers")}
              </Button>
              <Button fullWidth variant="tertiary" onClick={close}>
                {t("common.done")}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </Page>
  );
}

function RewardCard({ reward, available, onRedeem }: { reward: Reward; available: number; onRedeem: () => void }) {
  const t = useT();
  const formatNumber = useFormatNumber();
  const formatDate = useFormatDate();
  const [imageBroken, setImageBroken] = useState(false);
  const locale = useAtomValue(localeAtom);
  const description = brandText(locale, reward.description, reward.descriptionEn);
  const nameId = `reward-${reward.id}`;
  const hints = [
    reward.stock !== null && reward.stock > 0 ? t("rewards.stockLeft", { count: formatNumber(reward.stock) }) : null,
    reward.validUntil ? t("rewards.validUntil", { date: formatDate(reward.validUntil) }) : null,
  ].filter((h): h is string => h !== null);

  return (
    <article className={`reward ${reward.redeemable ? "" : "reward--blocked"}`} aria-labelledby={nameId}>
      {reward.imageUrl && !imageBroken ? (
        // width/height: the 72 px box is reserved before the image arrives, so the list never jumps.
        <img
          className="reward__image"
          src={mediaUrl(reward.imageUrl)}
          alt=""
          width={72}
          height={72}
          loading="lazy"
          decoding="async"
          onError={() => setImageBroken(true)}
        />
      ) : (
        <span className="reward__image reward__image--placeholder" aria-hidden="true">
          <GiftIcon size={30} />
        </span>
      )}
      <div className="reward__body">
        <h2 className="reward__name" id={nameId}>
          {brandText(locale, reward.name, reward.nameEn)}
        </h2>
        {description && <p className="reward__desc">{description}</p>}
        {hints.length > 0 && <p className="reward__hint">{hints.join(" · ")}</p>}
        <div className="reward__foot">
          <strong className="reward__cost">{t("rewards.cost", { points: formatNumber(reward.pointsCost) })}</strong>
          {reward.redeemable ? (
            <Button size="small" className="reward__redeem" onClick={onRedeem}>
              {t("rewards.redeem")}
            </Button>
          ) : (
            <span className="reward__blocked" data-testid="reward-blocked">
              {blockedText(t, formatNumber, reward, available)}
            </span>
          )}
        </div>
      </div>
    </article>
  );
}

export function blockedText(t: Translate, formatNumber: (n: number) => string, reward: Reward, available: number): string {
  switch (reward.blockedBy) {
    case "insufficient_points":
      return t("rewards.blocked.insufficient_points", { points: formatNumber(Math.max(1, reward.pointsCost - available)) });
    case "tier_not_eligible":
      return t("rewards.blocked.tier_not_eligible", {
        tiers: (reward.eligibleTiers ?? []).map((code) => t(`tier.${code}`)).join(` ${t("common.or")} `),
      });
    case "out_of_stock":
      return t("rewards.blocked.out_of_stock");
    case "not_started":
      return t("rewards.blocked.not_started");
    case "ended":
      return t("rewards.blocked.ended");
    case "inactive":
    case null:
      return t("rewards.blocked.inactive");
  }
}

function RewardsSkeleton({ label }: { label: string }) {
  return (
    <PageSkeleton label={label}>
      <Skeleton width="60%" height={36} radius={18} />
      {[0, 1, 2].map((i) => (
        <div key={i} className="reward reward--skeleton">
          <Skeleton width={72} height={72} radius={14} />
          <div className="reward__body stack-8">
            <Skeleton width="70%" height={18} />
            <Skeleton height={12} />
            <Skeleton width="50%" height={12} />
            <Skeleton width="40%" height={32} radius={16} />
          </div>
        </div>
      ))}
    </PageSkeleton>
  );
}
