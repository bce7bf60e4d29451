/**
 * Locale-aware formatting through Intl, for the current interface language: numbers,
 * dates, date-times, and names from the API's six-language Names objects.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Names } from '@observatory/core';

export type NamesLike = Partial<Record<Language, string>> | null | undefined;

export interface Formatters {
  lang: Language;
  number(n: number): string;
  /** A calendar date (YYYY-MM-DD) as written in this locale; no time-zone shift. */
  date(isoDate: string): string;
  dateTime(iso: string): string;
  /** The name in this language, else English, else the fallback (usually a code). */
  name(names: NamesLike | Names, fallback?: string): string;
  percent(fraction: number): string;
}

export function makeFormatters(lang: Language): Formatters {
  const numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 6 });
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const percentFormat = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  return {
    lang,
    number: (n) => numberFormat.format(n),
    date: (iso) => {
      const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
    },
    dateTime: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
    },
    name: (names, fallback = '') => {
      const n = names as NamesLike;
      return n?.[lang] || n?.en || fallback;
    },
    percent: (fraction) => percentFormat.format(fraction),
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const lang = (i18n.language || 'en') as Language;
  return useMemo(() => makeFormatters(lang), [lang]);
}
