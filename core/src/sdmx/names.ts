/**
 * Localised names for SDMX messages. Every Names object has English; other languages are
 * optional, so a name is taken in the requested language and falls back to English (SDMX-CSV 2.0
 * "Localisation": without a match, returning the system-default language is allowed).
 */
import type { Language, Names } from '../api/common.js';
import { LANGUAGES } from '../api/common.js';

export interface LocalName {
  text: string;
  /** The language the text is in: the requested one, or 'en' after a fallback. */
  lang: Language;
}

export function localName(names: Names, lang: Language): LocalName {
  const text = names[lang];
  return text !== undefined && text !== '' ? { text, lang } : { text: names.en, lang: 'en' };
}

/** Only the languages that have a text, in the six-language order. */
export function presentNames(names: Names): Partial<Record<Language, string>> {
  const out: Partial<Record<Language, string>> = {};
  for (const l of LANGUAGES) {
    const text = names[l];
    if (text !== undefined && text !== '') out[l] = text;
  }
  return out;
}

/** TIME_PERIOD is not a concept of our structures, but messages still need its name. */
export const TIME_PERIOD_NAMES: Names = {
  ar: 'الفترة الزمنية',
  zh: '时间段',
  en: 'Time period',
  fr: 'Période',
  ru: 'Период',
  es: 'Período',
};

/**
 * Records which languages a message really used (the requested one, and 'en' whenever a
 * name fell back), for SDMX-JSON meta.contentLanguages and the Content-Language header.
 */
export class LanguageTracker {
  private readonly used = new Set<Language>();
  constructor(readonly lang: Language) {}

  name(names: Names): string {
    const n = localName(names, this.lang);
    this.used.add(n.lang);
    return n.text;
  }

  /** The requested language first (as SDMX-JSON asks), then any fallback. */
  languages(): Language[] {
    return [this.lang, ...[...this.used].filter((l) => l !== this.lang)];
  }
}
