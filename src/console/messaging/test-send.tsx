import { useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router-dom";
import type { z } from "zod";
import type { ApiError } from "../../client/api-client";
import type { MemberRow } from "../../contract/console";
import { consoleEndpoints } from "../../contract/endpoints/console";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import { TestSendPreview, TestSendResponse, type TemplateView } from "../../contract/messaging";
import { purposeForZnsTag, PURPOSES } from "../../domain/consent/purposes";
import { checkSamples, readSample } from "../../domain/messaging/test-samples";
import { previewText } from "../../domain/messaging/zns-template";
import type { Problem } from "../../domain/problems";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { useCanManage } from "../common/use-role";
import { tierKey } from "../i18n";
import { useLocale } from "../locale-context";
import { useDebouncedCallback } from "../members/use-debounced-callback";
import { AlertIcon, CheckIcon, SearchIcon } from "../shell/icons";
import { PARAM_TYPE_KEYS, type Translate } from "./labels";
import { valueProblemText } from "./problems";
import { ZnsBubble } from "./zns-bubble";

type Result = { response: z.infer<typeof TestSendResponse>; member: MemberRow; template: TemplateView };
type Preview = z.infer<typeof TestSendPreview>;
/** The chosen template's parameters for the chosen member, read before anything is sent. */
type PreviewState =
  { status: "idle" } | { status: "loading" } | { status: "ready"; key: string; data: Preview } | { status: "error"; error: ApiError };
type Search =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; items: MemberRow[]; total: number }
  | { status: "error"; error: ApiError };

const RESULTS = 8;

/**
 * One message of a template to one member, through the same queue as any message: consent
 * and the member's own values are checked, and the answer says plainly why nothing was sent.
 * The member is searched for and picked (never a default); every parameter the member has no
 * value for gets an editable sample; and nothing goes before a confirmation that says what will
 * happen: Zalo's development mode (only the OA's admins receive it), no quota, no caps.
 */
export function TestSend({ templates, sandbox, onSent }: { templates: readonly TemplateView[]; sandbox: boolean; onSent: () => void }) {
  const { t, locale } = useLocale();
  const { api } = useAuth();
  const canManage = useCanManage();
  const templateFieldId = useId();
  const searchId = useId();
  const [templateId, setTemplateId] = useState("");
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [search, setSearch] = useState<Search>({ status: "idle" });
  const [member, setMember] = useState<MemberRow | null>(null);
  const [errors, setErrors] = useState<{ template?: boolean; member?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [preview, setPreview] = useState<PreviewState>({ status: "idle" });
  const [samples, setSamples] = useState<Record<string, string>>({});
  const [sampleProblems, setSampleProblems] = useState<readonly Problem[]>([]);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The confirmation opens below the form: bring it into view and to the keyboard.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const { call } = useDebouncedCallback(setQ, 300);

  const memberId = member?.memberId ?? null;
  const previewKey = templateId && memberId ? `${templateId}:${memberId}` : null;
  useEffect(() => {
    setConfirming(false);
    setSampleProblems([]);
    if (!previewKey) {
      setPreview({ status: "idle" });
      return;
    }
    let live = true;
    setPreview({ status: "loading" });
    const [tid, mid] = previewKey.split(":") as [string, string];
    api
      .request(messagingEndpoints.testSendPreview, { query: { templateId: tid, memberId: mid } })
      .then((data) => {
        if (!live) return;
        setPreview({ status: "ready", key: previewKey, data });
        // What a member without the value would get (the fallback), else a sample of its kind.
        setSamples(Object.fromEntries(data.params.filter((p) => p.value === null).map((p) => [p.name, p.fallback ?? p.sample])));
      })
      .catch((error: unknown) => live && setPreview({ status: "error", error: toApiError(error) }));
    return () => {
      live = false;
    };
  }, [api, previewKey]);

  useEffect(() => {
    const query = q.trim();
    if (query === "") {
      setSearch({ status: "idle" });
      return;
    }
    let live = true;
    setSearch({ status: "loading" });
    api
      .request(consoleEndpoints.listMembers, { query: { q: query, page: 1, pageSize: RESULTS } })
      .then((data) => live && setSearch({ status: "ready", items: data.items, total: data.total }))
      .catch((error: unknown) => live && setSearch({ status: "error", error: toApiError(error) }));
    return () => {
      live = false;
    };
  }, [api, q]);

  if (!canManage) {
    return (
      <section className="card" aria-labelledby="test-title">
        <header className="card-header">
          <h2 id="test-title">{t("msg.test.title")}</h2>
        </header>
        <div className="state">
          <p className="state-title">{t("msg.test.managersOnly")}</p>
          <p className="muted">{t("msg.test.managersOnlyHint")}</p>
        </div>
      </section>
    );
  }

  const template = templates.find((tpl) => tpl.id === templateId) ?? null;

  const ready = preview.status === "ready" && preview.key === previewKey ? preview.data : null;
  const lacking = ready ? ready.params.filter((p) => p.value === null) : [];

  /** Checks everything here first (the server checks again), then asks for the confirmation. */
  const review = () => {
    const missing = { template: template === null, member: member === null };
    setErrors(missing);
    setResult(null);
    setFailure(null);
    if (!template || !member || !ready) return;
    // The warning beside the member says why; the server would refuse it anyway.
    if (ready.consentRefusal !== null) return;
    const checked = checkSamples(template, samples);
    setSampleProblems(checked.ok ? [] : checked.problems);
    if (checked.ok) setConfirming(true);
  };

  const send = async () => {
    if (!template || !member || !ready) return;
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      const response = await api.request(messagingEndpoints.testSend, {
        body: { templateId: template.id, memberId: member.memberId, samples },
      });
      setResult({ response, member, template });
      setConfirming(false);
      onSent();
    } catch (error) {
      const failed = toApiError(error);
      if (failed.code === "test_samples_invalid") setSampleProblems(failed.issues);
      else setFailure(failed);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  // The message as it would read: the member's values, the samples for what they lack.
  const previewData = ready
    ? Object.fromEntries(
        ready.params.flatMap((p) => {
          const value = p.value ?? readSample(p.type, samples[p.name] ?? "");
          return value === "" ? [] : [[p.name, value]];
        }),
      )
    : {};

  const chosen = search.status === "ready" ? search.items : [];

  return (
    <section className="card" aria-labelledby="test-title">
      <header className="card-header">
        <h2 id="test-title">{t("msg.test.title")}</h2>
        <p className="muted">{t("msg.test.subtitle")}</p>
      </header>
      <form
        className="test-send"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy && !confirming) review();
        }}
      >
        <div className="test-send-fields">
          <div className={`field${errors.template ? " field-invalid" : ""}`}>
            <label className="field-label" htmlFor={templateFieldId}>
              {t("msg.test.template")}
            </label>
            <select
              id={templateFieldId}
              className="select input"
              value={templateId}
              aria-invalid={errors.template === true}
              aria-describedby={errors.template ? `${templateFieldId}-error` : undefined}
              onChange={(e) => {
                setTemplateId(e.target.value);
                setErrors(({ template: _gone, ...rest }) => rest);
                // An answer about another template would now be misleading.
                setResult(null);
              }}
            >
              <option value="">{t("msg.test.pickTemplate")}</option>
              {templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {tpl.active ? tpl.name : t("msg.test.inactiveOption", { name: tpl.name })}
                </option>
              ))}
            </select>
            {errors.template && (
              <p id={`${templateFieldId}-error`} className="field-error">
                {t("msg.test.needTemplate")}
              </p>
            )}
            {template && (
              <p className="field-hint">
                {t("msg.test.purposeHint", { purpose: PURPOSES[purposeForZnsTag(template.tag)][locale].title })}
                {!template.active && ` ${t("msg.test.inactiveHint")}`}
              </p>
            )}
          </div>

          <div className={`field${errors.member ? " field-invalid" : ""}`}>
            <label className="field-label" htmlFor={searchId}>
              {t("msg.test.member")}
            </label>
            {member ? (
              <div className="picked-member">
                <span className="cell-stack">
                  <span className="strong">{member.displayName}</span>
                  <span className="small muted">
                    <span className="mono">{member.memberNo}</span> · {t(tierKey(member.tier))}
                    {member.phoneMasked ? ` · ${member.phoneMasked}` : ` · ${t("msg.test.noPhone")}`}
                  </span>
                </span>
                <button
                  type="button"
                  className="button button-secondary button-sm"
                  onClick={() => {
                    setMember(null);
                    setResult(null);
                  }}
                >
                  {t("msg.test.change")}
                </button>
              </div>
            ) : (
              <>
                <div className="search">
                  <SearchIcon className="search-icon" />
                  <input
                    id={searchId}
                    className="input search-input"
                    type="search"
                    autoComplete="off"
                    placeholder={t("members.searchPlaceholder")}
                    value={text}
                    aria-invalid={errors.member === true}
                    aria-describedby={errors.member ? `${searchId}-error` : undefined}
                    onChange={(e) => {
                      setText(e.target.value);
                      call(e.target.value);
                    }}
                  />
                </div>
                {errors.member && (
                  <p id={`${searchId}-error`} className="field-error">
                    {t("msg.test.needMember")}
                  </p>
                )}
                <div aria-live="polite" className="member-results">
                  {search.status === "loading" && <p className="muted">{t("app.loading")}</p>}
                  {search.status === "error" && <p className="field-error">{t(errorMessageKey(search.error.code))}</p>}
                  {search.status === "ready" && chosen.length === 0 && <p className="muted">{t("members.empty")}</p>}
                  {chosen.length > 0 && (
                    <fieldset className="fieldset">
                      <legend className="sr-only">{t("msg.test.results")}</legend>
                      <ul className="member-options">
                        {chosen.map((m) => (
                          <li key={m.memberId}>
                            <label className="member-option">
                              <input
                                type="radio"
                                name="test-member"
                                checked={false}
                                onChange={() => {
                                  setMember(m);
                                  setErrors(({ member: _gone, ...rest }) => rest);
                                }}
                              />
                              <span className="strong">{m.displayName}</span>
                              <span className="small muted mono">{m.memberNo}</span>
                              <span className="small muted">{m.phoneMasked ?? t("msg.test.noPhone")}</span>
                            </label>
                          </li>
                        ))}
                      </ul>
                      {search.status === "ready" && search.total > chosen.length && (
                        <p className="field-hint">{t("msg.test.more", { count: search.total - chosen.length })}</p>
                      )}
                    </fieldset>
                  )}
                </div>
              </>
            )}
          </div>
        </div>

        {template && member && (
          <div className="test-send-values" aria-live="polite">
            {preview.status === "loading" && <p className="muted">{t("app.loading")}</p>}
            {preview.status === "error" && (
              <p className="field-error">
                {t(preview.error.code === "template_not_found" ? "msg.test.templateGone" : errorMessageKey(preview.error.code))}
              </p>
            )}
            {ready && (
              <>
                {ready.consentRefusal !== null && (
                  <div className="alert alert-warn test-send-consent" role="alert">
                    <AlertIcon />
                    <p>
                      {refusalText(
                        "no_consent",
                        ready.consentRefusal,
                        member.displayName,
                        PURPOSES[purposeForZnsTag(template.tag)][locale].title,
                        t,
                      )}{" "}
                      {t("msg.test.pickAnother")}
                    </p>
                  </div>
                )}
                {lacking.length > 0 && (
                  <fieldset className="fieldset sample-fields">
                    <legend className="field-label">{t("msg.test.samples")}</legend>
                    <p className="field-hint">{t("msg.test.samplesHint", { name: member.displayName })}</p>
                    {lacking.map((p) => (
                      <SampleInput
                        key={p.name}
                        name={p.name}
                        typeLabel={t(PARAM_TYPE_KEYS[p.type])}
                        fallback={p.fallback}
                        value={samples[p.name] ?? ""}
                        problem={sampleProblems.find((x) => x.field === p.name) ?? null}
                        onChange={(value) => {
                          setSamples((current) => ({ ...current, [p.name]: value }));
                          setSampleProblems((current) => current.filter((x) => x.field !== p.name));
                          setConfirming(false);
                        }}
                      />
                    ))}
                  </fieldset>
                )}
                <div className="test-send-preview">
                  <p className="field-label">{t("msg.test.preview")}</p>
                  <ZnsBubble>{previewText(template, previewData)}</ZnsBubble>
                </div>
              </>
            )}
          </div>
        )}

        {confirming && template && member ? (
          <div className="test-send-confirm" role="group" aria-labelledby="test-confirm-title" aria-describedby="test-confirm-text">
            <p id="test-confirm-title" className="strong">
              {t(sandbox ? "msg.test.confirmTitleSandbox" : "msg.test.confirmTitle")}
            </p>
            <p id="test-confirm-text">
              {t(sandbox ? "msg.test.confirmSandbox" : "msg.test.confirmZalo", {
                template: template.name,
                name: member.displayName,
                phone: member.phoneMasked ?? t("msg.test.noPhone"),
              })}
            </p>
            {!member.phoneMasked && <p className="field-error">{t("msg.test.confirmNoPhone", { name: member.displayName })}</p>}
            <div className="test-send-actions">
              <button
                ref={confirmButton}
                type="button"
                className="button button-primary button-lg"
                disabled={busy}
                aria-busy={busy}
                onClick={() => void send()}
              >
                {busy ? t("msg.test.sending") : t("msg.test.confirm")}
              </button>
              <button type="button" className="button button-secondary button-lg" disabled={busy} onClick={() => setConfirming(false)}>
                {t("msg.test.back")}
              </button>
            </div>
          </div>
        ) : (
          <div className="test-send-actions">
            <button
              type="submit"
              className="button button-primary button-lg"
              disabled={busy || (template !== null && member !== null && !ready)}
            >
              {t("msg.test.send")}
            </button>
          </div>
        )}

        {failure && (
          <div className="alert alert-error" role="alert">
            <AlertIcon />
            <p>{t(failure.code === "template_not_found" ? "msg.test.templateGone" : errorMessageKey(failure.code))}</p>
          </div>
        )}
        {result && <TestResult result={result} sandbox={sandbox} />}
      </form>
    </section>
  );
}

function SampleInput(props: {
  name: string;
  typeLabel: string;
  fallback: string | null;
  value: string;
  problem: Problem | null;
  onChange: (value: string) => void;
}) {
  const { t, locale } = useLocale();
  const id = useId();
  const hint =
    props.fallback === null
      ? t("msg.test.sampleHint", { type: props.typeLabel })
      : t("msg.test.sampleFallbackHint", { type: props.typeLabel });
  return (
    <div className={`field sample-field${props.problem ? " field-invalid" : ""}`}>
      <label className="field-label" htmlFor={id}>
        <code className="mono">{`<${props.name}>`}</code>
      </label>
      <input
        id={id}
        className="input"
        value={props.value}
        maxLength={200}
        autoComplete="off"
        aria-invalid={props.problem !== null}
        aria-describedby={`${id}-hint`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className={props.problem ? "field-error" : "field-hint"}>
        {props.problem ? sampleProblemText(props.problem, locale, t) : hint}
      </p>
    </div>
  );
}

function sampleProblemText(problem: Problem, locale: Parameters<typeof valueProblemText>[1], t: Translate): string {
  if (problem.code === "sample_not_a_param") return t("msg.test.sampleNotParam");
  return valueProblemText(problem, locale);
}

function TestResult({ result, sandbox }: { result: Result; sandbox: boolean }) {
  const { t, locale } = useLocale();
  const { response, member, template } = result;
  const name = member.displayName;
  if (response.queued) {
    return (
      <div className="alert alert-success" role="status">
        <CheckIcon />
        <div>
          <p className="strong">{t("msg.test.queued", { template: template.name, name })}</p>
          <p className="alert-detail">
            {t("msg.test.queuedHint")} <Link to="/messages?tab=log&source=test">{t("msg.test.seeLog")}</Link>
            {sandbox && (
              <>
                {" · "}
                <Link to="/messages?tab=sandbox">{t("msg.test.seeInbox")}</Link>
              </>
            )}
          </p>
        </div>
      </div>
    );
  }
  const purpose = PURPOSES[purposeForZnsTag(template.tag)][locale].title;
  const problems = response.reason === "invalid" ? response.problems : [];
  return (
    <div className="alert alert-warn" role="alert">
      <AlertIcon />
      <div>
        <p className="strong">{t("msg.test.notSent", { name })}</p>
        <p className="alert-detail">{refusalText(response.reason, response.detail, name, purpose, t)}</p>
        {problems.length > 0 && (
          <ul className="alert-list">
            {problems.map((p, i) => (
              <li key={i}>
                {p.field && <code className="mono">{`<${p.field}>`}</code>}
                {p.field && ": "}
                {valueProblemText(p, locale)}
              </li>
            ))}
          </ul>
        )}
        {response.reason === "invalid" && <p className="alert-detail">{t("msg.test.invalidLogged")}</p>}
      </div>
    </div>
  );
}

function refusalText(reason: string | null, detail: string | null, name: string, purpose: string, t: Translate): string {
  switch (reason) {
    case "no_consent":
      if (detail === "withdrawn") return t("msg.test.reason.withdrawn", { name, purpose });
      if (detail === "erased") return t("msg.test.reason.erased", { name });
      if (detail === "not_a_member") return t("msg.test.reason.notMember", { name });
      return t("msg.test.reason.noConsent", { name, purpose });
    case "invalid":
      return t("msg.test.reason.invalid", { name });
    case "duplicate":
      return t("msg.test.reason.duplicate");
    default:
      return t("msg.test.reason.other", { reason: [reason, detail].filter(Boolean).join(": ") });
  }
}
