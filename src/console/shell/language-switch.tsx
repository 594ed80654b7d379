import { LOCALES, type Locale } from "../../domain/locale/locale";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";

const LABEL_KEYS = { vi: "lang.vi", en: "lang.en" } as const satisfies Record<Locale, MessageKey>;

/** Two pressed/unpressed buttons: the choice is visible at a glance, one click to change; named in full at every width. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useLocale();
  return (
    <div className="lang-switch" role="group" aria-label={t("lang.label")}>
      {LOCALES.map((code) => (
        <button
          key={code}
          type="button"
          className="lang-option"
          aria-pressed={locale === code}
          aria-label={t(LABEL_KEYS[code])}
          lang={code}
          onClick={() => setLocale(code)}
        >
          {/* The code alone in a narrow top bar (console.css), so the brand's name keeps its room. */}
          <span className="lang-long">{t(LABEL_KEYS[code])}</span>
          <span className="lang-short">{code.toUpperCase()}</span>
        </button>
      ))}
    </div>
  );
}
