import { atom } from "jotai";
import { isLocale, type Locale } from "../../domain/locale/locale";
import { platformStorage } from "../platform/storage";

const LOCALE_KEY = "ll.locale";
// The first paint inside Zalo reads it before zmp-sdk has arrived (platform/storage.ts).
platformStorage.mirror(LOCALE_KEY);

/** Vietnamese unless the shopper chose otherwise on this device. */
export function storedLocale(): Locale {
  const stored = platformStorage.getItem(LOCALE_KEY);
  return isLocale(stored) ? stored : "vi";
}

const storedLocaleAtom = atom<Locale>(storedLocale());
// Inside Zalo the first read was the mirror's; nativeStorage's answer, once here, is the choice.
storedLocaleAtom.onMount = (set) => {
  void platformStorage.settled().then(() => set(storedLocale()));
};

/** The UI language; writing it persists the choice in platform storage. */
export const localeAtom = atom(
  (get) => get(storedLocaleAtom),
  (_get, set, next: Locale) => {
    set(storedLocaleAtom, next);
    platformStorage.setItem(LOCALE_KEY, next);
  },
);
