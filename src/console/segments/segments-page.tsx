import { useEffect, useMemo, useState } from "react";
import type { ApiError } from "../../client/api-client";
import { preferenceEndpoints } from "../../contract/endpoints/preferences";
import { segmentEndpoints } from "../../contract/endpoints/segments";
import type { SegmentCount, SegmentDetail, SegmentExplanation, SegmentSample } from "../../contract/segments";
import { STANDARD_QUESTIONS } from "../../domain/preferences/form";
import type { Problem } from "../../domain/problems";
import { fieldDef } from "../../domain/segments/fields";
import { validateRule, type Condition, type Group, type Rule } from "../../domain/segments/rule";
import { useAuth } from "../auth-context";
import { toApiError } from "../common/api-errors";
import { LoadError } from "../common/load-error";
import { TierBadge } from "../common/tier-badge";
import { useApiResource } from "../common/use-api-resource";
import { formatNumber } from "../format";
import { useLocale } from "../locale-context";
import { useStores } from "../surveys/use-stores";
import { EMPTY_RULE, updateAt } from "./rule-draft";
import { GroupEditor, type BuilderOptions } from "./rule-editor";
import "./strings/load";
import "./segments.css";

/** How long the builder waits after the last change before counting (typing a number is several changes). */
export const COUNT_DEBOUNCE_MS = 400;

type Live =
  | { status: "idle" | "counting" }
  | { status: "ready"; count: SegmentCount; sample: SegmentSample }
  | { status: "invalid"; problems: Problem[] }
  | { status: "error"; error: ApiError };

/** Problems by path, the server's "rule." prefix taken off, so each condition finds its own. */
function byPath(problems: readonly Problem[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) {
    const path = (p.field ?? "").replace(/^rule\.?/, "");
    const key = /\.(value|op|field|key|days)(\.\d+)?$/.test(path) ? path.replace(/\.(value|op|field|key|days)(\.\d+)?$/, "") : path;
    out.set(key, [...(out.get(key) ?? []), p]);
  }
  return out;
}

/** The segment builder: saved segments, the rule editor, the live count, a sample and why a member is in or out. */
export function SegmentsPage() {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const saved = useApiResource(segmentEndpoints.listSegments);
  const stores = useStores();
  const form = useApiResource(preferenceEndpoints.form);
  const [rule, setRule] = useState<Rule>(EMPTY_RULE);
  const [name, setName] = useState("");
  const [current, setCurrent] = useState<SegmentDetail | null>(null);
  const [live, setLive] = useState<Live>({ status: "idle" });
  const [notice, setNotice] = useState<string | null>(null);
  const [why, setWhy] = useState<SegmentExplanation | null>(null);
  const [saveProblems, setSaveProblems] = useState<Problem[]>([]);

  const options: BuilderOptions = useMemo(
    () => ({
      stores: stores.status === "ready" ? stores.data.stores : [],
      questions:
        form.state.status === "ready"
          ? form.state.data.current.questions
              .filter((q) => q.kind === "single" || q.kind === "multi")
              .map((q) => ({
                id: q.id,
                label: q.label[locale],
                standard: q.id in STANDARD_QUESTIONS,
                options: (q.options ?? []).map((o) => ({ id: o.id, label: o.label[locale] })),
              }))
          : [],
    }),
    [stores, form.state, locale],
  );

  // The live count and the first sample page, after the rule has been still for a moment. A rule
  // the domain already refuses is not sent: its problems show at once, next to their conditions.
  const ruleKey = JSON.stringify(rule);
  useEffect(() => {
    const local = validateRule(rule);
    if (local.length) {
      setLive({ status: "invalid", problems: local });
      return;
    }
    let alive = true;
    setLive((l) => (l.status === "ready" ? l : { status: "counting" }));
    const timer = setTimeout(() => {
      Promise.all([
        api.request(segmentEndpoints.countSegment, { body: { rule } }),
        api.request(segmentEndpoints.sampleSegment, { body: { rule, limit: 10 } }),
      ])
        .then(([count, sample]) => alive && setLive({ status: "ready", count, sample }))
        .catch((e: unknown) => {
          if (!alive) return;
          const error = toApiError(e);
          setLive(error.issues.length ? { status: "invalid", problems: [...error.issues] } : { status: "error", error });
        });
    }, COUNT_DEBOUNCE_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
    // ruleKey stands for the rule's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, ruleKey]);

  const problems = byPath(live.status === "invalid" ? live.problems : saveProblems);

  const edit = (path: string, node: Group | Condition | null) => {
    setRule((r) => updateAt(r, path, () => node));
    setWhy(null);
    setSaveProblems([]);
  };

  const open = async (id: string) => {
    const detail = await api.request(segmentEndpoints.getSegment, { params: { segmentId: id } });
    setCurrent(detail);
    setRule(detail.rule);
    setName(detail.name);
    setWhy(null);
  };

  const save = async () => {
    setNotice(null);
    try {
      const detail = current
        ? await api.request(segmentEndpoints.updateSegment, {
            params: { segmentId: current.id },
            body: { name, rule, basedOnVersion: current.version },
          })
        : await api.request(segmentEndpoints.createSegment, { body: { name, rule } });
      setCurrent(detail);
      setNotice(t("seg.saved.ok", { version: detail.version }));
      saved.reload();
    } catch (e) {
      const error = toApiError(e);
      setSaveProblems([...error.issues]);
      setNotice(t(error.code === "segment_version_conflict" ? "seg.conflict" : "seg.saveFailed"));
    }
  };

  const explain = async (memberId: string) => {
    try {
      setWhy(await api.request(segmentEndpoints.explainSegment, { body: { rule, memberId } }));
    } catch {
      setNotice(t("seg.memberNotFound"));
    }
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t("seg.title")}</h1>
          <p className="muted">{t("seg.subtitle")}</p>
        </div>
      </header>
      <div className="seg-layout">
        <aside className="card seg-saved">
          <h2>{t("seg.saved")}</h2>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setCurrent(null);
              setRule(EMPTY_RULE);
              setName("");
            }}
          >
            {t("seg.new")}
          </button>
          {saved.state.status === "loading" ? (
            <span className="skeleton" aria-busy="true" />
          ) : saved.state.status === "error" ? (
            <LoadError title={t("seg.loadFailed")} code={saved.state.error.code} onRetry={saved.reload} />
          ) : saved.state.data.segments.length === 0 ? (
            <p className="muted">{t("seg.savedEmpty")}</p>
          ) : (
            <ul className="seg-saved-list">
              {saved.state.data.segments.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className={`button button-ghost${current?.id === s.id ? " seg-current" : ""}`}
                    onClick={() => void open(s.id)}
                  >
                    <span>{s.name}</span>
                    <span className="muted">{t("seg.version", { version: s.version })}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>

        <section className="card seg-builder" aria-label={t("seg.rule")}>
          <div className="seg-name-row">
            <label className="field">
              <span className="field-label">{t("seg.name")}</span>
              <input className="input" value={name} placeholder={t("seg.namePlaceholder")} onChange={(e) => setName(e.target.value)} />
            </label>
            <button
              type="button"
              className="button button-primary"
              disabled={!name.trim() || live.status === "invalid"}
              onClick={() => void save()}
            >
              {t(current ? "seg.saveVersion" : "seg.save")}
            </button>
          </div>
          {current && (
            <p className="muted">
              {t("seg.versions")}: {current.versions.map((v) => v.version).join(", ")}
            </p>
          )}
          {notice && (
            <p className="seg-notice" role="status">
              {notice}
            </p>
          )}
          <GroupEditor group={rule} path="" depth={1} options={options} problems={problems} onChange={edit} />
        </section>

        <section className="card seg-live" aria-live="polite">
          <h2>{t("seg.countTitle")}</h2>
          {live.status === "ready" ? (
            <p className="seg-count" data-testid="segment-count">
              {t("seg.count", { count: formatNumber(locale, live.count.count), total: formatNumber(locale, live.count.total) })}
            </p>
          ) : live.status === "invalid" ? (
            <p className="field-error">{t("seg.countFailed")}</p>
          ) : live.status === "error" ? (
            <LoadError title={t("seg.countFailed")} code={live.error.code} onRetry={() => setRule((r) => ({ ...r }))} />
          ) : (
            <p className="muted">{t("seg.counting")}</p>
          )}
          <h3>{t("seg.sample")}</h3>
          {live.status === "ready" && live.sample.members.length === 0 && <p className="muted">{t("seg.sampleEmpty")}</p>}
          {live.status === "ready" && live.sample.members.length > 0 && (
            <div className="seg-sample-wrap">
              <table className="table seg-sample">
                <thead>
                  <tr>
                    <th>{t("seg.col.member")}</th>
                    <th className="num">{t("seg.col.points")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {live.sample.members.map((m) => (
                    <tr key={m.memberId}>
                      <td>
                        <span className="strong">{m.displayName}</span>
                        <div className="seg-sample-meta">
                          <span className="muted mono">{m.memberNo}</span> <TierBadge tier={m.tier} />
                        </div>
                      </td>
                      <td className="num">{formatNumber(locale, m.pointsBalance)}</td>
                      <td>
                        <button type="button" className="button button-ghost" onClick={() => void explain(m.memberId)}>
                          {t("seg.why")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {why && <WhyPanel why={why} />}
        </section>
      </div>
    </div>
  );
}

function WhyPanel({ why }: { why: SegmentExplanation }) {
  const { t, locale } = useLocale();
  const show = (v: unknown) =>
    v === null || v === undefined
      ? t("seg.noValue")
      : Array.isArray(v)
        ? v.join(", ")
        : typeof v === "boolean"
          ? t(v ? "seg.yes" : "seg.no")
          : String(v);
  return (
    <div className="seg-why" data-testid="why-panel">
      <h3>{t("seg.whyTitle", { name: why.member.displayName, verdict: t(why.result ? "seg.in" : "seg.out") })}</h3>
      <ul>
        {why.conditions.map((c) => (
          <li key={c.path} className={c.result ? "seg-pass" : "seg-fail"}>
            <span className="seg-mark">{c.result ? "✓" : "✗"}</span>
            <span>{fieldLabel(c.field, locale)}</span>
            <span className="muted">{t("seg.whyValue", { value: show(c.memberValue) })}</span>
            <span className="sr-only">{t(c.result ? "seg.passed" : "seg.failed")}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function fieldLabel(field: string, locale: "vi" | "en") {
  return fieldDef(field)?.label[locale] ?? field;
}
