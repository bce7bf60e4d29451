/**
 * i18next with ICU messages (plural and select rules of every language, numbers and dates
 * through Intl). English is bundled; the other languages load on demand. The choice
 * persists in localStorage and sets <html lang dir>.
 *
 * Strict mode (localStorage `observatory.i18n.strict` = "1", used by the browser tests)
 * turns off the English fallback and records every key a language lacks in
 * `window.__observatoryMissingKeys`, so a missing translation fails a test instead of
 * silently showing English.
 */
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import type { Language } from '@observatory/core';
import en from '../locales/en.json';
import { directionOf, initialLanguage, STORAGE_KEY } from './languages.js';

type Messages = Record<string, unknown>;

const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Messages }>> = {
  fr: () => import('../locales/fr.json'),
  es: () => import('../locales/es.json'),
  ar: () => import('../locales/ar.json'),
  zh: () => import('../locales/zh.json'),
  ru: () => import('../locales/ru.json'),
};

declare global {
  interface Window {
    __observatoryMissingKeys?: string[];
  }
}

function strictMode(): boolean {
  try {
    return localStorage.getItem('observatory.i18n.strict') === '1';
  } catch {
    return false;
  }
}

async function ensureLoaded(lang: Language): Promise<void> {
  if (lang === 'en' || i18next.hasResourceBundle(lang, 'translation')) return;
  const messages = await loaders[lang]();
  i18next.addResourceBundle(lang, 'translation', messages.default, true, true);
}

function applyToDocument(lang: string): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
}

export async function setupI18n(): Promise<typeof i18next> {
  const lang = initialLanguage();
  const strict = strictMode();
  if (strict) window.__observatoryMissingKeys = [];
  await i18next
    .use(ICU)
    .use(initReactI18next)
    .init({
      lng: 'en',
      resources: { en: { translation: en } },
      fallbackLng: strict ? false : 'en',
      supportedLngs: ['ar', 'zh', 'en', 'fr', 'ru', 'es'],
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      saveMissing: strict,
      missingKeyHandler: (lngs, _ns, key) => {
        window.__observatoryMissingKeys?.push(`${lngs.join(',')}:${key}`);
      },
      react: { useSuspense: false },
    });
  i18next.on('languageChanged', applyToDocument);
  await changeLanguage(lang);
  applyToDocument(i18next.language);
  return i18next;
}

export async function changeLanguage(lang: Language): Promise<void> {
  await ensureLoaded(lang);
  await i18next.changeLanguage(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still holds for this visit.
  }
}
