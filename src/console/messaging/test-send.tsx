import { useEffect, useId, useState } from "react";
import { Link } from "react-router-dom";
import type { z } from "zod";
import type { ApiError } from "../../client/api-client";
import type { MemberRow } from "../../contract/console";
import { consoleEndpoints } from "../../contract/endpoints/console";
import { messagingEndpoints } from "../../contract/endpoints/messaging";
import { TestSendResponse, type TemplateView } from "../../contract/messaging";
import { purposeForZnsTag, PURPOSES } from "../../domain/consent/purposes";
import { useAuth } from "../auth-context";
import { errorMessageKey, toApiError } from "../common/api-errors";
import { useCanManage } from "../common/use-role";
import { tierKey } from "../i18n";
import { useLocale } from "../locale-context";
import { useDebouncedCallback } from "../members/use-debounced-callback";
import { AlertIcon, CheckIcon, SearchIcon } from "../shell/icons";
import type { Translate } from "./labels";
import { valueProblemText } from "./problems";

type Result = { response: z.infer<typeof TestSendResponse>; member: MemberRow; template: TemplateView };
type Search =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; items: MemberRow[]; total: number }
  | { status: "error"; error: ApiError };

const RESULTS = 8;

/**
 * One message of a template to one member, through the same queue as any message: consent
 * and the member's own values are checked, and the answer says plainly why nothing was sent.
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
  const { call } = useDebouncedCallback(setQ, 300);

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

  const send = async () => {
    const missing = { template: template === null, member: member === null };
    setErrors(missing);
    if (!template || !member) return;
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      const response = await api.request(messagingEndpoints.testSend, { body: { templateId: template.id, memberId: member.memberId } });
      setResult({ response, member, template });
      onSent();
    } catch (error) {
      setFailure(toApiError(error));
    } finally {
      setBusy(false);
    }
  };

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
          if (!busy) void send();
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

        <div className="test-send-actions">
          <button type="submit" className="button button-primary button-lg" disabled={busy} aria-busy={busy}>
            {busy ? t("msg.test.sending") : t("msg.test.send")}
          </button>
        </div>

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
