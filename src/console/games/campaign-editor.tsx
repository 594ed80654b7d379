import { useMemo, useState, type ReactNode } from "react";
import { useNavigate } from "react-router-dom";
import type { ApiError } from "../../client/api-client";
import { gameConsoleEndpoints } from "../../contract/endpoints/game";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { surveyDashboardEndpoints } from "../../contract/endpoints/survey-dashboard";
import type { ConsoleGameCampaign, GameSegment } from "../../contract/game";
import { CONSENT_PURPOSES } from "../../domain/consent/purposes";
import { oddsPercent } from "../../domain/game/draw";
import { PLAY_ACTIONS, PRIZE_KINDS, type WheelCaps } from "../../domain/game/wheel";
import { TIER_CODES } from "../../domain/loyalty/tiers";
import type { Problem } from "../../domain/problems";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { gameErrorKey } from "./error-keys";
import { Field, type ControlProps } from "../common/field";
import { useApiResource } from "../common/use-api-resource";
import { formatNumber } from "../format";
import { useLocale } from "../locale-context";
import {
  canAddSegment,
  canRemoveSegment,
  draftChangesOdds,
  draftOf,
  draftProblems,
  fromVietnamLocal,
  newCampaignDraft,
  newSegment,
  previewOdds,
  toVietnamLocal,
  type CampaignDraft,
} from "./campaign-draft";
import { byField, gameProblemText } from "./problems";
import { useUnsavedGuard } from "../common/unsaved-guard";
import { WheelPreview } from "./wheel-preview";

const CAP_KEYS: (keyof WheelCaps)[] = ["playsPerMemberPerDay", "winsPerMemberPerCampaign", "winsPerDay", "winsPerCampaign", "pointsPerDay"];

/** An integer input: empty is NaN (the validator names it), or null where empty means "none". */
function NumberInput<N extends number | null>({
  control,
  value,
  onChange,
  empty,
  min = 0,
  placeholder,
}: {
  control: ControlProps;
  value: N;
  onChange: (value: N) => void;
  empty: N;
  min?: number;
  placeholder?: string;
}) {
  return (
    <input
      {...control}
      className="input"
      type="number"
      inputMode="numeric"
      min={min}
      step={1}
      placeholder={placeholder}
      value={value === null || Number.isNaN(value) ? "" : String(value)}
      onChange={(event) => onChange((event.target.value === "" ? empty : Number(event.target.value)) as N)}
    />
  );
}

/**
 * The wheel campaign editor (issue 14): segments with their prizes, weights and stock, plays,
 * caps and budgets, window, who may play, the rules, with a live wheel and the odds a member
 * would see once saved. Managers save (a new campaign is a draft; every save of an existing one
 * is a new version, and the page says when it changes the odds of a running wheel); marketers
 * see the same form read-only. The domain's validator runs here before sending; the server's
 * game_invalid issues land on the same fields.
 */
export function CampaignEditor({ campaign, canManage }: { campaign: ConsoleGameCampaign | null; canManage: boolean }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const navigate = useNavigate();
  const [baseline, setBaseline] = useState<CampaignDraft>(() => (campaign ? draftOf(campaign) : newCampaignDraft(Date.now() + 3_600_000)));
  const [draft, setDraft] = useState<CampaignDraft>(baseline);
  const [attempted, setAttempted] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const rewards = useApiResource(loyaltyEndpoints.listRewards);
  const stores = useApiResource(surveyDashboardEndpoints.consoleStores);

  const dirty = canManage && JSON.stringify(draft) !== JSON.stringify(baseline);
  const confirmLeave = useUnsavedGuard(dirty, t("common.leave"));
  const own = useMemo(() => (attempted ? draftProblems(draft) : []), [attempted, draft]);
  const problems = useMemo(() => byField([...own, ...serverProblems]), [own, serverProblems]);
  const preview = useMemo(() => previewOdds(draft, campaign), [draft, campaign]);
  const oddsChange = campaign !== null && draftChangesOdds(campaign, draft);
  const live = campaign !== null && (campaign.status === "running" || campaign.status === "paused");

  const error = (field: string) => {
    const p = problems.get(field);
    return p ? gameProblemText(p, locale) : null;
  };
  /** Applies an edit; the server's word on the edited field goes (our own check re-runs live). */
  const edit = (field: string, change: (d: CampaignDraft) => CampaignDraft) => {
    setDraft(change);
    setServerProblems((current) => current.filter((p) => !(p.field === field || p.field?.startsWith(`${field}.`))));
  };
  const editSegment = (i: number, field: keyof GameSegment, change: (s: GameSegment) => GameSegment) =>
    edit(`segments.${i}.${field}`, (d) => ({ ...d, segments: d.segments.map((s, j) => (j === i ? change(s) : s)) }));

  const back = () => {
    if (confirmLeave()) navigate(campaign ? `/games?c=${campaign.id}` : "/games");
  };

  async function save() {
    setAttempted(true);
    setFailure(null);
    if (draftProblems(draft).length > 0) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.games-editor [aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const saved = campaign
        ? await api.request(gameConsoleEndpoints.updateGameCampaign, {
            params: { campaignId: campaign.id },
            body: { ...draft, basedOnVersion: campaign.version },
          })
        : await api.request(gameConsoleEndpoints.createGameCampaign, { body: draft });
      const next = draftOf(saved);
      setBaseline(next);
      setDraft(next);
      // The guard reads `dirty` from the render; leave once the saved draft is the baseline.
      setTimeout(() => navigate(`/games?c=${saved.id}`), 0);
    } catch (caught) {
      const e = toApiError(caught);
      setFailure(e);
      if (e.issues.length > 0) {
        setServerProblems([...e.issues]);
        requestAnimationFrame(() => document.querySelector<HTMLElement>('.games-editor [aria-invalid="true"]')?.focus());
      }
    } finally {
      setBusy(false);
    }
  }

  const segmentsError = error("segments");
  const rewardItems = rewards.state.status === "ready" ? rewards.state.data.items.filter((r) => r.active) : [];
  const storeItems = stores.state.status === "ready" ? stores.state.data.stores : [];

  return (
    <div className="page games-editor">
      <header className="page-header page-header-actions">
        <div>
          <button type="button" className="button button-ghost games-back" onClick={back}>
            ← {t("games.editor.back")}
          </button>
          <h1>{campaign ? (canManage ? t("games.editor.editTitle") : t("games.editor.viewTitle")) : t("games.editor.newTitle")}</h1>
          <p className="muted">
            {campaign
              ? `${t(`games.status.${campaign.status}`)} · ${t("games.version", { version: campaign.version })}`
              : t("games.editor.newHint")}
            {dirty && <span className="badge badge-warn games-unsaved">{t("games.editor.unsaved")}</span>}
          </p>
        </div>
        {canManage && (
          <button
            type="button"
            className="button button-primary button-lg"
            onClick={() => void save()}
            disabled={busy || (campaign !== null && !dirty) || campaign?.status === "ended"}
            aria-busy={busy}
          >
            {busy
              ? t("common.saving")
              : campaign
                ? t("games.editor.saveVersion", { version: campaign.version + 1 })
                : t("games.editor.create")}
          </button>
        )}
      </header>
      {!canManage && <p className="muted">{t("games.readOnly")}</p>}
      {canManage && campaign && dirty && (
        <p className={`games-version-note${oddsChange && live ? " is-odds" : ""}`} role="status">
          {oddsChange && live
            ? t("games.editor.newVersionOdds", { version: campaign.version + 1 })
            : t("games.editor.newVersion", { version: campaign.version + 1 })}
        </p>
      )}
      {failure && (
        <p role="alert" className="form-error">
          {t(gameErrorKey(failure.code))}
        </p>
      )}
      {attempted && own.length > 0 && (
        <p role="alert" className="form-error">
          {t("games.editor.fix", { count: own.length })}
        </p>
      )}
      <div className="games-editor-layout">
        <fieldset className="games-editor-form" disabled={!canManage}>
          <Section title={t("games.editor.general")}>
            <div className="games-row">
              <Field label={t("games.editor.nameVi")} error={error("name.vi")}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    value={draft.name.vi}
                    onChange={(e) => edit("name.vi", (d) => ({ ...d, name: { ...d.name, vi: e.target.value } }))}
                  />
                )}
              </Field>
              <Field label={t("games.editor.nameEn")} error={error("name.en")}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    value={draft.name.en}
                    onChange={(e) => edit("name.en", (d) => ({ ...d, name: { ...d.name, en: e.target.value } }))}
                  />
                )}
              </Field>
            </div>
          </Section>

          <Section title={t("games.editor.segments")} hint={t("games.editor.segmentsHint")}>
            {segmentsError && <p className="field-error">{segmentsError}</p>}
            <div className="games-segments-wrap">
              <table className="table games-segments">
                <thead>
                  <tr>
                    <th scope="col">{t("games.editor.col.color")}</th>
                    <th scope="col">{t("games.editor.col.labelVi")}</th>
                    <th scope="col">{t("games.editor.col.labelEn")}</th>
                    <th scope="col">{t("games.editor.col.prize")}</th>
                    <th scope="col">{t("games.editor.col.value")}</th>
                    <th scope="col">{t("games.col.weight")}</th>
                    <th scope="col">{t("games.editor.col.stock")}</th>
                    <th scope="col">
                      <span className="sr-only">{t("games.editor.col.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {draft.segments.map((s, i) => {
                    const n = i + 1;
                    return (
                      <tr key={i}>
                        <td>
                          <Cell label={t("games.editor.cell.color", { n })} error={error(`segments.${i}.color`)}>
                            {(c) => (
                              <input
                                {...c}
                                type="color"
                                className="games-color"
                                value={s.color}
                                onChange={(e) => editSegment(i, "color", (x) => ({ ...x, color: e.target.value }))}
                              />
                            )}
                          </Cell>
                        </td>
                        <td>
                          <Cell
                            label={t("games.editor.cell.labelVi", { n })}
                            error={error(`segments.${i}.label.vi`) ?? error(`segments.${i}.id`)}
                          >
                            {(c) => (
                              <input
                                {...c}
                                className="input"
                                value={s.label.vi}
                                onChange={(e) => editSegment(i, "label", (x) => ({ ...x, label: { ...x.label, vi: e.target.value } }))}
                              />
                            )}
                          </Cell>
                        </td>
                        <td>
                          <Cell label={t("games.editor.cell.labelEn", { n })} error={error(`segments.${i}.label.en`)}>
                            {(c) => (
                              <input
                                {...c}
                                className="input"
                                value={s.label.en}
                                onChange={(e) => editSegment(i, "label", (x) => ({ ...x, label: { ...x.label, en: e.target.value } }))}
                              />
                            )}
                          </Cell>
                        </td>
                        <td>
                          <Cell label={t("games.editor.cell.prize", { n })} error={error(`segments.${i}.prize`)}>
                            {(c) => (
                              <select
                                {...c}
                                className="input"
                                value={s.prize}
                                onChange={(e) => {
                                  const prize = e.target.value as GameSegment["prize"];
                                  edit(`segments.${i}`, (d) => ({
                                    ...d,
                                    segments: d.segments.map((x, j) =>
                                      j === i
                                        ? {
                                            ...x,
                                            prize,
                                            value: prize === "points" ? (x.prize === "points" ? x.value : 10) : 0,
                                            rewardId: prize === "reward" ? (x.rewardId ?? rewardItems[0]?.id ?? null) : null,
                                            stock: prize === "nothing" ? null : x.stock,
                                          }
                                        : x,
                                    ),
                                  }));
                                }}
                              >
                                {PRIZE_KINDS.map((k) => (
                                  <option key={k} value={k}>
                                    {t(`games.editor.prize.${k}`)}
                                  </option>
                                ))}
                              </select>
                            )}
                          </Cell>
                        </td>
                        <td>
                          {s.prize === "points" ? (
                            <Cell label={t("games.editor.cell.value", { n })} error={error(`segments.${i}.value`)}>
                              {(c) => (
                                <NumberInput
                                  control={c}
                                  value={s.value}
                                  empty={NaN}
                                  min={1}
                                  onChange={(v) => editSegment(i, "value", (x) => ({ ...x, value: v }))}
                                />
                              )}
                            </Cell>
                          ) : s.prize === "reward" ? (
                            <Cell label={t("games.editor.cell.reward", { n })} error={error(`segments.${i}.rewardId`)}>
                              {(c) => (
                                <select
                                  {...c}
                                  className="input"
                                  value={s.rewardId ?? ""}
                                  onChange={(e) => editSegment(i, "rewardId", (x) => ({ ...x, rewardId: e.target.value || null }))}
                                >
                                  <option value="">{t("games.editor.pickReward")}</option>
                                  {rewardItems.map((r) => (
                                    <option key={r.id} value={r.id}>
                                      {r.name}
                                    </option>
                                  ))}
                                </select>
                              )}
                            </Cell>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                        <td>
                          <Cell label={t("games.editor.cell.weight", { n })} error={error(`segments.${i}.weight`)}>
                            {(c) => (
                              <NumberInput
                                control={c}
                                value={s.weight}
                                empty={NaN}
                                onChange={(v) => editSegment(i, "weight", (x) => ({ ...x, weight: v }))}
                              />
                            )}
                          </Cell>
                        </td>
                        <td>
                          {s.prize === "nothing" ? (
                            <span className="muted">—</span>
                          ) : (
                            <Cell label={t("games.editor.cell.stock", { n })} error={error(`segments.${i}.stock`)}>
                              {(c) => (
                                <NumberInput<number | null>
                                  control={c}
                                  value={s.stock}
                                  empty={null}
                                  placeholder="∞"
                                  onChange={(v) => editSegment(i, "stock", (x) => ({ ...x, stock: v }))}
                                />
                              )}
                            </Cell>
                          )}
                        </td>
                        <td>
                          {canManage && (
                            <button
                              type="button"
                              className="button button-ghost"
                              disabled={!canRemoveSegment(draft)}
                              aria-label={t("games.editor.remove", { n })}
                              onClick={() => edit("segments", (d) => ({ ...d, segments: d.segments.filter((_, j) => j !== i) }))}
                            >
                              ✕
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {canManage && (
              <button
                type="button"
                className="button button-secondary"
                disabled={!canAddSegment(draft)}
                onClick={() => edit("segments", (d) => ({ ...d, segments: [...d.segments, newSegment(d.segments)] }))}
              >
                + {t("games.editor.addSegment")}
              </button>
            )}
          </Section>

          <Section title={t("games.editor.plays")}>
            <div className="games-grid">
              <Field label={t("games.editor.freePlays")} error={error("freePlaysPerDay")}>
                {(c) => (
                  <NumberInput
                    control={c}
                    value={draft.freePlaysPerDay}
                    empty={NaN}
                    onChange={(v) => edit("freePlaysPerDay", (d) => ({ ...d, freePlaysPerDay: v }))}
                  />
                )}
              </Field>
              {PLAY_ACTIONS.map((a) => (
                <Field key={a} label={t(`games.editor.action.${a}`)} error={error(`extraPlays.${a}`)}>
                  {(c) => (
                    <NumberInput
                      control={c}
                      value={draft.extraPlays[a]}
                      empty={NaN}
                      onChange={(v) => edit(`extraPlays.${a}`, (d) => ({ ...d, extraPlays: { ...d.extraPlays, [a]: v } }))}
                    />
                  )}
                </Field>
              ))}
              <Field label={t("games.editor.purchaseMin")} error={error("purchaseMinVnd")}>
                {(c) => (
                  <NumberInput
                    control={c}
                    value={draft.purchaseMinVnd}
                    empty={NaN}
                    onChange={(v) => edit("purchaseMinVnd", (d) => ({ ...d, purchaseMinVnd: v }))}
                  />
                )}
              </Field>
              <Field label={t("games.editor.playPrice")} hint={t("games.editor.playPriceHint")} error={error("playPricePoints")}>
                {(c) => (
                  <NumberInput<number | null>
                    control={c}
                    value={draft.playPricePoints}
                    empty={null}
                    min={1}
                    onChange={(v) => edit("playPricePoints", (d) => ({ ...d, playPricePoints: v }))}
                  />
                )}
              </Field>
            </div>
          </Section>

          <Section title={t("games.editor.caps")} hint={t("games.editor.capsHint")}>
            <div className="games-grid">
              {CAP_KEYS.map((k) => (
                <Field key={k} label={t(`games.editor.cap.${k}`)} error={error(`caps.${k}`)}>
                  {(c) => (
                    <NumberInput<number | null>
                      control={c}
                      value={draft.caps[k]}
                      empty={null}
                      placeholder="∞"
                      onChange={(v) => edit(`caps.${k}`, (d) => ({ ...d, caps: { ...d.caps, [k]: v } }))}
                    />
                  )}
                </Field>
              ))}
            </div>
          </Section>

          <Section title={t("games.editor.window")} hint={t("games.editor.windowHint")}>
            <div className="games-row">
              <Field label={t("games.editor.startsAt")} error={error("startsAt")}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    type="datetime-local"
                    value={toVietnamLocal(draft.startsAt)}
                    onChange={(e) => edit("startsAt", (d) => ({ ...d, startsAt: fromVietnamLocal(e.target.value) }))}
                  />
                )}
              </Field>
              <Field label={t("games.editor.endsAt")} error={error("endsAt")}>
                {(c) => (
                  <input
                    {...c}
                    className="input"
                    type="datetime-local"
                    value={toVietnamLocal(draft.endsAt)}
                    onChange={(e) => edit("endsAt", (d) => ({ ...d, endsAt: fromVietnamLocal(e.target.value) }))}
                  />
                )}
              </Field>
            </div>
          </Section>

          <Section title={t("games.editor.gates")} hint={t("games.editor.gatesHint")}>
            <div className="games-grid">
              <Field label={t("games.editor.minTier")} error={error("gates.minTier")}>
                {(c) => (
                  <select
                    {...c}
                    className="input"
                    value={draft.gates.minTier ?? ""}
                    onChange={(e) =>
                      edit("gates.minTier", (d) => ({
                        ...d,
                        gates: { ...d.gates, minTier: (e.target.value || null) as CampaignDraft["gates"]["minTier"] },
                      }))
                    }
                  >
                    <option value="">{t("games.editor.anyTier")}</option>
                    {TIER_CODES.map((code) => (
                      <option key={code} value={code}>
                        {t(`tier.${code}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("games.editor.minPurchases")} error={error("gates.minPurchases")}>
                {(c) => (
                  <NumberInput
                    control={c}
                    value={draft.gates.minPurchases}
                    empty={NaN}
                    onChange={(v) => edit("gates.minPurchases", (d) => ({ ...d, gates: { ...d.gates, minPurchases: v } }))}
                  />
                )}
              </Field>
              <Field label={t("games.editor.consent")} error={error("gates.consentPurpose")}>
                {(c) => (
                  <select
                    {...c}
                    className="input"
                    value={draft.gates.consentPurpose ?? ""}
                    onChange={(e) =>
                      edit("gates.consentPurpose", (d) => ({
                        ...d,
                        gates: { ...d.gates, consentPurpose: (e.target.value || null) as CampaignDraft["gates"]["consentPurpose"] },
                      }))
                    }
                  >
                    <option value="">{t("games.editor.noConsent")}</option>
                    {CONSENT_PURPOSES.filter((p) => p !== "membership").map((p) => (
                      <option key={p} value={p}>
                        {t(`games.editor.purpose.${p}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <p className="field-hint">{t("games.editor.membershipGate")}</p>
            <fieldset className="games-stores" aria-invalid={Boolean(error("gates.storeIds"))}>
              <legend className="field-label">{t("games.editor.stores")}</legend>
              <label className="games-check">
                <input
                  type="checkbox"
                  checked={draft.gates.storeIds === null}
                  onChange={(e) => edit("gates.storeIds", (d) => ({ ...d, gates: { ...d.gates, storeIds: e.target.checked ? null : [] } }))}
                />
                {t("games.editor.allStores")}
              </label>
              {draft.gates.storeIds !== null &&
                storeItems.map((s) => (
                  <label key={s.id} className="games-check">
                    <input
                      type="checkbox"
                      checked={draft.gates.storeIds?.includes(s.id) ?? false}
                      onChange={(e) =>
                        edit("gates.storeIds", (d) => {
                          const current = d.gates.storeIds ?? [];
                          const storeIds = e.target.checked ? [...current, s.id] : current.filter((id) => id !== s.id);
                          return { ...d, gates: { ...d.gates, storeIds } };
                        })
                      }
                    />
                    {s.name}
                  </label>
                ))}
              {error("gates.storeIds") && <p className="field-error">{error("gates.storeIds")}</p>}
            </fieldset>
          </Section>

          <Section title={t("games.editor.rules")}>
            <div className="games-row">
              <Field label={t("games.editor.rulesVi")} error={error("rulesText.vi")}>
                {(c) => (
                  <textarea
                    {...c}
                    className="input"
                    rows={5}
                    value={draft.rulesText.vi}
                    onChange={(e) => edit("rulesText.vi", (d) => ({ ...d, rulesText: { ...d.rulesText, vi: e.target.value } }))}
                  />
                )}
              </Field>
              <Field label={t("games.editor.rulesEn")} error={error("rulesText.en")}>
                {(c) => (
                  <textarea
                    {...c}
                    className="input"
                    rows={5}
                    value={draft.rulesText.en}
                    onChange={(e) => edit("rulesText.en", (d) => ({ ...d, rulesText: { ...d.rulesText, en: e.target.value } }))}
                  />
                )}
              </Field>
            </div>
            <Field label={t("games.editor.registration")} hint={t("games.editor.registrationHint")} error={error("registrationNumber")}>
              {(c) => (
                <input
                  {...c}
                  className="input"
                  value={draft.registrationNumber ?? ""}
                  onChange={(e) =>
                    edit("registrationNumber", (d) => ({ ...d, registrationNumber: e.target.value.trim() === "" ? null : e.target.value }))
                  }
                />
              )}
            </Field>
          </Section>
        </fieldset>

        <aside className="games-editor-preview" aria-label={t("games.preview")}>
          <WheelPreview segments={draft.segments} locale={locale} />
          <table className="table games-odds" aria-label={t("games.odds")}>
            <caption>{t("games.odds")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("games.col.segment")}</th>
                <th scope="col">{t("games.col.stock")}</th>
                <th scope="col">{t("games.col.odds")}</th>
              </tr>
            </thead>
            <tbody>
              {draft.segments.map((s, i) => {
                const blocked = preview.blocked[i];
                const left = preview.stockLeft[i];
                return (
                  <tr key={i}>
                    <td>
                      <span className="games-swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label[locale] || "—"}
                    </td>
                    <td>
                      {left === null || left === undefined ? (
                        <span title={t("games.unlimited")} aria-label={t("games.unlimited")}>
                          ∞
                        </span>
                      ) : (
                        formatNumber(locale, left)
                      )}
                    </td>
                    <td>
                      {oddsPercent(preview.odds[i]!).toLocaleString(locale === "vi" ? "vi-VN" : "en-US")} %
                      {blocked && (
                        <span className="muted games-blocked"> {t("games.blocked", { reason: t(`games.reason.${blocked}`) })}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="field-hint">{t("games.editor.oddsHint")}</p>
        </aside>
      </div>
    </div>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="card games-section">
      <h2>{title}</h2>
      {hint && <p className="muted">{hint}</p>}
      {children}
    </section>
  );
}

/** A table cell's field: its label is for screen readers (the column header says it to the eye). */
function Cell({ label, error, children }: { label: string; error: string | null; children: (c: ControlProps) => ReactNode }) {
  return (
    <Field label={label} error={error} className="games-cell">
      {children}
    </Field>
  );
}
