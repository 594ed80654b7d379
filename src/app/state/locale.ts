import { atom } from "jotai";
import { isLocale, type Locale } from "../../domain/locale/locale";
import { platformStorage } from "../platform/storage";

const LOCALE_KEY = "ll.locale";

/** Vietnamese unless the shopper chose otherwise on this device. */
function initialLocale(): Locale {
  const stored = platformStorage.getItem(LOCALE_KEY);
  return isLocale(stored) ? stored : "vi";
}

const storedLocaleAtom = atom<Locale>(initialLocale());

/** The UI language; writing it persists the choice in platform storage. */
export const localeAtom = atom(
  (get) => get(storedLocaleAtom),
  (_get, set, next: Locale) => {
    set(storedLocaleAtom, next);
    platformStorage.setItem(LOCALE_KEY, next);
  },
);
