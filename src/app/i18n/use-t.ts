import { atom, useAtomValue } from "jotai";
import { useCallback } from "react";
import type { Locale } from "../../domain/locale/locale";
import { formatInteger, formatVietnamDate, formatVietnamTime } from "../../domain/locale/format";
import { formatVnd } from "../../domain/locale/money";
import { localeAtom } from "../state/locale";
import { vi, type MessageKey } from "./vi";

export type Dictionary = Record<MessageKey, string>;
export type TParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TParams) => string;

/** Fills `{name}` placeholders. Generic so a page's own dictionary (e.g. the surveys') uses it too. */
export function translate<K extends string>(dictionary: Readonly<Record<K, string>>, key: K, params?: TParams): string {
  const text = dictionary[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/*
 * Vietnamese is the default and ships in the entry chunk; English (6 KB gzip) is a chunk of its
 * own, fetched when the stored language is English or the shopper picks it (decision 0019).
 */
let english: Dictionary | null = null;
let englishLoading: Promise<Dictionary> | null = null;

/**
 * The English dictionary, fetched once. Offline before it ever arrived, the UI stays in
 * Vietnamese (the default language) rather than failing; the next switch to English tries again.
 */
export function loadEnglish(): Promise<Dictionary> {
  englishLoading ??= import("./en").then(
    (m) => (english = m.en),
    () => {
      englishLoading = null;
      return vi;
    },
  );
  return englishLoading;
}

/** The UI language's dictionary: a value at once when loaded, a promise (React suspends) while English downloads. */
const dictionaryAtom = atom<Dictionary | Promise<Dictionary>>((get) => (get(localeAtom) === "vi" ? vi : (english ?? loadEnglish())));

export function useT(): Translate {
  const dictionary = useAtomValue(dictionaryAtom);
  return useCallback((key, params) => translate(dictionary, key, params), [dictionary]);
}

/** Whole numbers follow the UI language: 1.250 in Vietnamese, 1,250 in English. */
export function useFormatNumber(): (value: number) => string {
  const locale = useAtomValue(localeAtom);
  return useCallback((value) => formatInteger(locale, value), [locale]);
}

/** Đồng amounts the product's one way (domain/locale/money.ts): "1.250.000 ₫" / "1,250,000 ₫". */
export function useFormatVnd(): (value: number) => string {
  const locale = useAtomValue(localeAtom);
  return useCallback((value) => formatVnd(locale, value), [locale]);
}

/**
 * Dates as dd/mm/yyyy in both languages (en-GB order; Vietnamese readers of the English UI
 * expect day first), in Vietnam time: expiry dates are Vietnam calendar days. By hand, not
 * Intl (domain/locale/format.ts: the first Intl formatter costs a phone's first screen).
 */
export function formatDate(_locale: Locale, iso: string): string {
  return formatVietnamDate(iso);
}

export function useFormatDate(): (iso: string) => string {
  const locale = useAtomValue(localeAtom);
  return useCallback((iso) => formatDate(locale, iso), [locale]);
}

/** "10:47": the hour and minute in Vietnam time, whatever the phone's zone. */
export function formatTime(_locale: Locale, iso: string): string {
  return formatVietnamTime(iso);
}

export function useFormatTime(): (iso: string) => string {
  const locale = useAtomValue(localeAtom);
  return useCallback((iso) => formatTime(locale, iso), [locale]);
}

/** "23/11/2026 · 14:05" */
export function useFormatDateTime(): (iso: string) => string {
  const locale = useAtomValue(localeAtom);
  return useCallback((iso) => `${formatDate(locale, iso)} · ${formatTime(locale, iso)}`, [locale]);
}

/**
 * A time of day in Vietnam time ("10:47"), with the date when it was not today there
 * ("10:47 · 05/12/2026"): when a receipt was credited, read at the counter.
 */
export function formatClock(locale: Locale, iso: string, now: number): string {
  const time = formatTime(locale, iso);
  const day = formatDate(locale, iso);
  return day === formatDate(locale, new Date(now).toISOString()) ? time : `${time} · ${day}`;
}

export function useFormatClock(): (iso: string) => string {
  const locale = useAtomValue(localeAtom);
  return useCallback((iso) => formatClock(locale, iso, Date.now()), [locale]);
}
