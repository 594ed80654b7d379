import { useAtomValue } from "jotai";
import { useCallback } from "react";
import { localeAtom, type Locale } from "../state/locale";
import { en } from "./en";
import { vi, type MessageKey } from "./vi";

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { vi, en };

export type TParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TParams) => string;

export function translate(locale: Locale, key: MessageKey, params?: TParams): string {
  const text = DICTIONARIES[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function useT(): Translate {
  const locale = useAtomValue(localeAtom);
  return useCallback((key, params) => translate(locale, key, params), [locale]);
}

/** Intl locale tags: numbers follow the UI language (1.250 in Vietnamese, 1,250 in English). */
const INTL_TAG: Record<Locale, string> = { vi: "vi-VN", en: "en-US" };

export function useFormatNumber(): (value: number) => string {
  const locale = useAtomValue(localeAtom);
  return useCallback((value) => new Intl.NumberFormat(INTL_TAG[locale]).format(value), [locale]);
}
