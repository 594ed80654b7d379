import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { SetupRequest } from "../../contract/console-auth";
import { authEndpoints } from "../../contract/endpoints/auth";
import { toApiError } from "../common/api-errors";
import { Field } from "../common/field";
import { useAuth } from "../auth-context";
import { useLocale } from "../locale-context";
import { AlertIcon, LogoMark } from "../shell/icons";
import { LanguageSwitch } from "../shell/language-switch";
import { accountErrorKey } from "./account-errors";
import "./strings/load";

type Form = {
  name: string;
  timeZone: string;
  miniAppId: string;
  oaId: string;
  logoUrl: string;
  adminName: string;
  adminEmail: string;
};
type FieldName = keyof Form;

/**
 * First run (docs/decisions/0040): /console/setup?token=… from the server's start-up output
 * creates the brand and its first admin, then opens the console signed in.
 */
export function SetupPage() {
  const { api, completeSignIn } = useAuth();
  const { t } = useLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get("token");
  const [slug, setSlug] = useState<string | null>(null);
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [form, setForm] = useState<Form>({
    name: "",
    timeZone: "Asia/Ho_Chi_Minh",
    miniAppId: "",
    oaId: "",
    logoUrl: "",
    adminName: "",
    adminEmail: "",
  });
  const [invalid, setInvalid] = useState<Set<FieldName>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .request(authEndpoints.setupStatus, undefined, { auth: false })
      .then((status) => {
        setSlug(status.slug);
        setNeeded(status.needed);
      })
      .catch((e: unknown) => setError(t(accountErrorKey(toApiError(e).code))));
  }, [api, t]);

  const body = () => ({
    token: token ?? "",
    brand: {
      name: form.name.trim(),
      slug: slug ?? "",
      timeZone: form.timeZone.trim(),
      miniAppId: form.miniAppId.trim(),
      oaId: form.oaId.trim(),
      ...(form.logoUrl.trim() && { logoUrl: form.logoUrl.trim() }),
    },
    admin: { displayName: form.adminName.trim(), ...(form.adminEmail.trim() && { email: form.adminEmail.trim() }) },
  });

  const FIELD_OF: Record<string, FieldName> = {
    "brand.name": "name",
    "brand.timeZone": "timeZone",
    "brand.miniAppId": "miniAppId",
    "brand.oaId": "oaId",
    "brand.logoUrl": "logoUrl",
    "admin.displayName": "adminName",
    "admin.email": "adminEmail",
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The same contract the server checks, so mistakes show before anything is sent.
    const checked = SetupRequest.safeParse(body());
    if (!checked.success) {
      setInvalid(new Set(checked.error.issues.map((i) => FIELD_OF[i.path.join(".")]).filter((f): f is FieldName => Boolean(f))));
      setError(t("account.setup.invalid"));
      return;
    }
    setInvalid(new Set());
    setError(null);
    setBusy(true);
    api
      .request(authEndpoints.setup, { body: checked.data }, { auth: false })
      .then(completeSignIn)
      .then(() => navigate("/members", { replace: true }))
      .catch((e: unknown) => {
        setError(t(accountErrorKey(toApiError(e).code)));
        setBusy(false);
      });
  };

  const input = (field: FieldName, label: string, hint?: string, type = "text") => (
    <Field label={label} hint={hint} error={invalid.has(field) ? " " : null}>
      {(control) => (
        <input
          {...control}
          className="input"
          type={type}
          value={form[field]}
          onChange={(e) => setForm((f) => ({ ...f, [field]: e.target.value }))}
        />
      )}
    </Field>
  );

  return (
    <div className="login">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-card setup-card">
        <div className="login-head">
          <LogoMark width={40} height={40} />
          <h1>{t("account.setup.title")}</h1>
          <p className="muted">{t("account.setup.intro")}</p>
        </div>
        {error && (
          <div className="alert alert-error" role="alert">
            <AlertIcon />
            <span>{error}</span>
          </div>
        )}
        {!token ? (
          <p className="alert alert-error">{t("account.setup.noToken")}</p>
        ) : needed === false ? (
          <>
            <p>{t("account.setup.notNeeded")}</p>
            <Link to="/login" className="button button-primary">
              {t("account.invite.toLogin")}
            </Link>
          </>
        ) : (
          <form className="account-form" onSubmit={onSubmit} noValidate aria-busy={needed === null}>
            {input("name", t("account.setup.brandName"))}
            <Field label={t("account.setup.slug")} hint={t("account.setup.slugHint")}>
              {(control) => <input {...control} className="input" value={slug ?? ""} readOnly />}
            </Field>
            {input("timeZone", t("account.setup.timeZone"))}
            {input("miniAppId", t("account.setup.miniAppId"), t("account.setup.miniAppIdHint"))}
            {input("oaId", t("account.setup.oaId"), t("account.setup.oaIdHint"))}
            {input("logoUrl", t("account.setup.logoUrl"), undefined, "url")}
            {input("adminName", t("account.setup.adminName"))}
            {input("adminEmail", t("account.setup.adminEmail"), undefined, "email")}
            <div>
              <button type="submit" className="button button-primary button-lg" disabled={busy || needed === null}>
                {busy ? t("account.setup.submitting") : t("account.setup.submit")}
              </button>
            </div>
          </form>
        )}
      </main>
    </div>
  );
}
