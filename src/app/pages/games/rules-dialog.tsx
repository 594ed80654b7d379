import { useAtomValue, useSetAtom } from "jotai";
import { useEffect, useState } from "react";
import { Button } from "zmp-ui";
import type { GameRules } from "../../../contract/game";
import { Dialog } from "../../components/dialog";
import { Notice } from "../../components/notice";
import { PageSkeleton, Skeleton } from "../../components/skeleton";
import { useFormatDate, useFormatNumber, useFormatVnd, useT } from "../../i18n/use-t";
import { failureCode, type FailureCode } from "../../state/api";
import { loadGameRulesAtom } from "../../state/games";
import { localeAtom } from "../../state/locale";
import { useGameT } from "./strings";

type Load = { status: "loading" } | { status: "ready"; rules: GameRules } | { status: "error"; code: FailureCode };

/**
 * "Thể lệ": each prize's probability right now (after stock), the stock left, the window, who
 * may play and the brand's promotion registration number when it entered one. Read from the
 * server each time it opens: the odds change as prizes run out.
 */
export function RulesDialog({ campaignId, visible, onClose }: { campaignId: string; visible: boolean; onClose: () => void }) {
  const t = useT();
  const gt = useGameT();
  const loadRules = useSetAtom(loadGameRulesAtom);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!visible) return;
    let live = true;
    setLoad({ status: "loading" });
    loadRules(campaignId)
      .then((rules) => live && setLoad({ status: "ready", rules }))
      .catch((err: unknown) => live && setLoad({ status: "error", code: failureCode(err) }));
    return () => {
      live = false;
    };
  }, [visible, campaignId, loadRules, attempt]);

  return (
    <Dialog visible={visible} onClose={onClose} labelledBy="rules-title">
      <div className="dialog-body game-rules">
        <h2 className="dialog-title" id="rules-title">
          {gt("rules.title")}
        </h2>
        {load.status === "loading" && (
          <PageSkeleton label={t("common.loading")}>
            <Skeleton height={18} />
            <Skeleton height={120} radius={8} />
            <Skeleton width="70%" height={18} />
          </PageSkeleton>
        )}
        {load.status === "error" && (
          <>
            <Notice tone="error">{gt("games.loadError")}</Notice>
            <Button variant="secondary" fullWidth onClick={() => setAttempt((n) => n + 1)}>
              {t("common.retry")}
            </Button>
          </>
        )}
        {load.status === "ready" && <RulesBody rules={load.rules} />}
        <Button fullWidth variant="secondary" onClick={onClose}>
          {t("common.close")}
        </Button>
      </div>
    </Dialog>
  );
}

function RulesBody({ rules }: { rules: GameRules }) {
  const t = useT();
  const gt = useGameT();
  const locale = useAtomValue(localeAtom);
  const formatDate = useFormatDate();
  const formatNumber = useFormatNumber();
  const formatVnd = useFormatVnd();
  const percent = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: 2 });
  const { gates } = rules;
  const text = rules.rulesText[locale] || rules.rulesText.vi;
  return (
    <div className="game-rules__body">
      <p>{gt("rules.window", { from: formatDate(rules.startsAt), to: formatDate(rules.endsAt) })}</p>
      <p>{gt("rules.playsPerDay", { count: formatNumber(rules.freePlaysPerDay) })}</p>

      <h3 className="game-rules__heading">{gt("rules.prizes")}</h3>
      <table className="game-rules__odds">
        <thead>
          <tr>
            <th scope="col">{gt("rules.prize")}</th>
            <th scope="col">{gt("rules.chance")}</th>
            <th scope="col">{gt("rules.stock")}</th>
          </tr>
        </thead>
        <tbody>
          {rules.prizes.map((p) => (
            <tr key={p.id} data-blocked={p.blocked ?? undefined}>
              <th scope="row">
                <span className="game-rules__swatch" style={{ background: p.color }} aria-hidden="true" />
                {p.label[locale] || p.label.vi}
              </th>
              <td>{percent.format(p.probability.percent)}%</td>
              <td>
                {p.stockLeft === null ? gt("rules.unlimited") : p.stockLeft === 0 ? gt("rules.outOfStock") : formatNumber(p.stockLeft)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rules.prizes.some((p) => p.blocked !== null) && <p className="muted small">{gt("rules.renormalised")}</p>}

      <h3 className="game-rules__heading">{gt("rules.eligibility")}</h3>
      <ul className="game-rules__list">
        <li>{gt("rules.eligibility.member")}</li>
        {gates.minTier && gates.minTier !== "member" && <li>{gt("rules.eligibility.tier", { tier: t(`tier.${gates.minTier}`) })}</li>}
        {gates.minPurchases > 0 && <li>{gt("rules.eligibility.purchases", { count: formatNumber(gates.minPurchases) })}</li>}
        {gates.stores && gates.stores.length > 0 && (
          <li>{gt("rules.eligibility.stores", { stores: gates.stores.map((s) => s.name).join(", ") })}</li>
        )}
        {(rules.extraPlays.purchase_over_amount ?? 0) > 0 && (
          <li>
            {gt("extra.purchase", { amount: formatVnd(rules.purchaseMinVnd) })}:{" "}
            {gt("extra.plays", { count: rules.extraPlays.purchase_over_amount ?? 0 })}
          </li>
        )}
      </ul>

      {text.trim() && (
        <>
          <h3 className="game-rules__heading">{gt("rules.text")}</h3>
          <p className="game-rules__text">{text}</p>
        </>
      )}
      {rules.registrationNumber && (
        <p className="game-rules__registration">{gt("rules.registration", { number: rules.registrationNumber })}</p>
      )}
    </div>
  );
}
