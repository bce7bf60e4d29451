/** The six UN languages of the interface, with their own names and writing direction. */
import { LANGUAGES, type Language } from '@observatory/core';

export interface LanguageInfo {
  code: Language;
  /** The language's name in itself, as a language menu shows it. */
  native: string;
  dir: 'ltr' | 'rtl';
}

export const LANGUAGE_INFO: readonly LanguageInfo[] = [
  { code: 'ar', native: 'العربية', dir: 'rtl' },
  { code: 'zh', native: '中文', dir: 'ltr' },
  { code: 'en', native: 'English', dir: 'ltr' },
  { code: 'fr', native: 'Français', dir: 'ltr' },
  { code: 'ru', native: 'Русский', dir: 'ltr' },
  { code: 'es', native: 'Español', dir: 'ltr' },
];

export const STORAGE_KEY = 'observatory.language';

export const isLanguage = (value: string | null | undefined): value is Language =>
  value !== null && value !== undefined && (LANGUAGES as readonly string[]).includes(value);

export const directionOf = (lang: string): 'ltr' | 'rtl' => (lang === 'ar' ? 'rtl' : 'ltr');

/** The saved choice, else the browser's first preferred language we speak, else English. */
export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be disabled; fall through to the browser's preference.
  }
  for (const tag of navigator.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}
