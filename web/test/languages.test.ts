/**
 * The key screens in Arabic (right to left) and Chinese, with i18next in strict mode: no
 * English fallback, and every key a language lacks is recorded and fails the test.
 * Number and date formats follow the language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseLanguage, missingKeys, openBrowser, screenshot, signIn, signOut, type Browser } from './helpers/browser.js';
import { startPlatform, type Platform } from './helpers/platform.js';

let platform: Platform;
let browser: Browser;
let page: Page;

const attr = (name: string) => page.evaluate<string | null>(`document.documentElement.getAttribute(${JSON.stringify(name)})`);

beforeAll(async () => {
  platform = await startPlatform();
  browser = await openBrowser(platform.url, { strictI18n: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe.each([
  { lang: 'ar', dir: 'rtl', country: 'COL', signIn: 'تسجيل الدخول', errorText: 'أكبر من مجموعه' },
  { lang: 'zh', dir: 'ltr', country: 'PER', signIn: '登录', errorText: '大于其总数' },
])('interface in $lang', ({ lang, dir, country, signIn: signInTitle, errorText }) => {
  it('switches language on the sign-in page, sets lang and dir, and remembers the choice', async () => {
    await page.goto('/');
    await chooseLanguage(page, lang);
    expect(await attr('lang')).toBe(lang);
    expect(await attr('dir')).toBe(dir);
    await page.locator('h1', { hasText: signInTitle }).waitFor();
    await page.reload();
    await page.locator('input[name="email"]').waitFor();
    expect(await attr('lang')).toBe(lang);
    await screenshot(page, `${lang}-01-sign-in`);
  });

  it('shows the focal point home and the questionnaire grid with translated checks', async () => {
    await signIn(page, `focal.${country.toLowerCase()}@example.org`);
    await page.locator('select[name="definition"]').waitFor();
    await screenshot(page, `${lang}-02-home`, true);
    await page.locator('select[name="definition"]').selectOption('glotip');
    await page.locator('select[name="period"]').selectOption('2024');
    await page.locator('form.form-row button[type="submit"]').click();
    const total = page.locator('[data-cell="victims|exploitation=T|sex=T|age=T"]');
    await total.waitFor();
    await total.fill('10');
    const children = page.locator('[data-cell="victims|exploitation=T|sex=T|age=Y0T17"]');
    await children.fill('20');
    await page.keyboard.press('Tab');
    await page.getByText(errorText).first().waitFor();
    await page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
    // Dates follow the language: the deadline reads as the browser's Intl writes it in this language.
    const expected = await page.evaluate<string>(
      `new Intl.DateTimeFormat(${JSON.stringify(lang)}, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2025-05-31T00:00:00Z'))`,
    );
    expect(await page.locator('.page-subtitle').textContent()).toContain(expected);
    await screenshot(page, `${lang}-03-grid`);
    await page.locator('#side-tab-checks').click();
    await screenshot(page, `${lang}-04-grid-checks`);
    expect(await missingKeys(page)).toEqual([]);
    await signOut(page);
  });

  it('shows the review and administration pages without missing translations', async () => {
    await signIn(page, 'reviewer@example.org', { office: true });
    await page.goto('/review?view=all');
    await page.locator('table').waitFor();
    await screenshot(page, `${lang}-05-review-queue`);
    await page.locator('table tbody a').first().click();
    await page.locator('[data-cell]').first().waitFor();
    await screenshot(page, `${lang}-06-review-grid`);
    await page.goto('/completeness?definition=glotip&period=2024');
    await page.locator('table').waitFor();
    await screenshot(page, `${lang}-07-completeness`);
    expect(await missingKeys(page)).toEqual([]);
    await signOut(page);

    await signIn(page, 'admin@example.org', { office: true });
    await page.goto('/admin/users');
    await page.locator('table').waitFor();
    await screenshot(page, `${lang}-08-users`);
    await page.goto('/admin/audit');
    await page.locator('.alert-success').waitFor();
    await screenshot(page, `${lang}-09-audit`);
    await page.goto('/tokens');
    await page.locator('form').first().waitFor();
    expect(await missingKeys(page)).toEqual([]);
    await signOut(page);
  });
});

describe('page problems', () => {
  it('logged no errors in the browser', () => {
    expect(browser.problems).toEqual([]);
  });
});
