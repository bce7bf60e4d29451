/**
 * Consistency findings on the grid, in a real browser. Thailand's 2023 GLOTIP answers are
 * accepted; its 2024 total jumps from 40 to 90 and is submitted, which runs the checks.
 * The reviewer sees the year-on-year finding in the Consistency tab and marked on its cell;
 * the focal point explains it with a note; the reviewer resolves it and runs the checks
 * again; the same tab in Arabic and Chinese without missing strings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, type ApiCall } from './helpers/api.js';
import { chooseLanguage, missingKeys, openBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startPlatform, type Platform } from './helpers/platform.js';

let platform: Platform;
let browser: Browser;
let page: Page;
let url = '';
let reviewer: ApiCall;
let focal: ApiCall;
const TOTAL = 'victims|exploitation=T|sex=T|age=T';

/** A GLOTIP questionnaire with its total filled (explained, so that it may be submitted) and submitted. */
async function submitted(period: string, total: number): Promise<string> {
  const s = (await focal('POST', '/countries/THA/submissions', { definition: 'glotip', period })) as { id: string };
  await focal('PUT', `/submissions/${s.id}/values`, {
    cells: [
      { cell: TOTAL, value: { kind: 'number', value: total }, comment: 'Figures of the national referral mechanism.', baseRevision: 0 },
    ],
  });
  await focal('POST', `/submissions/${s.id}/transitions`, { action: 'submit' });
  return s.id;
}

beforeAll(async () => {
  platform = await startPlatform();
  focal = await apiAs(platform.url, 'focal.tha@example.org');
  reviewer = await apiAs(platform.url, 'reviewer@example.org', true);
  const last = await submitted('2023', 40);
  await reviewer('POST', `/submissions/${last}/transitions`, { action: 'accept' });
  url = `/submissions/${await submitted('2024', 90)}`;
  browser = await openBrowser(platform.url, { strictI18n: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

/**
 * The browser takes over a session signed in through the API (the reviewer's with its
 * second factor): a TOTP code is accepted once, and a second sign-in would wait 30 s for
 * the next one. Sign-in itself is tested elsewhere.
 */
async function actAs(who: ApiCall) {
  await browser.context.clearCookies();
  await browser.context.addCookies([{ ...who.session(), url: platform.url }]);
  await page.goto(url);
  await page.locator(`[data-cell="${TOTAL}"]`).waitFor();
}

const tab = () => page.getByRole('tab', { name: /^Consistency/ });
const finding = () => page.locator('[data-finding="yoy_jump"]');

describe('consistency findings', () => {
  it('shows the reviewer the year-on-year jump, in the tab and on its cell', async () => {
    await actAs(reviewer);
    expect(await tab().textContent()).toBe('Consistency (1)');
    await page.locator(`td.cell-finding:has([data-cell="${TOTAL}"])`).waitFor();
    await tab().click();
    await finding().getByText('90 in 2024, against 40 accepted for 2023 (+50, +125%).').waitFor();
    expect(await finding().locator('.badge').textContent()).toBe('Open');
    // Screen readers hear the finding with the cell.
    const described = await page.locator(`[data-cell="${TOTAL}"]`).getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described}"]`).textContent()).toContain('Consistency finding: 90 in 2024');
    await screenshot(page, 'consistency-01-reviewer', true);
  });

  it('lets the focal point explain it with a note, and only that', async () => {
    await actAs(focal);
    await tab().click();
    const actions = finding().locator('.result-actions button');
    expect(await actions.allTextContents()).toEqual(['Explain']);
    await actions.first().click();
    await finding().getByLabel('Note (required)').fill('A new referral mechanism identified more victims in 2024.');
    await finding().getByRole('button', { name: 'Explain' }).click();
    await finding().locator('.badge', { hasText: 'Explained' }).waitFor();
    await finding().getByText('A new referral mechanism identified more victims in 2024.').waitFor();
    await screenshot(page, 'consistency-02-explained', true);
  });

  it('lets the reviewer resolve it, run the checks again, and find it resolved', async () => {
    await actAs(reviewer);
    await tab().click();
    await finding().getByRole('button', { name: 'Resolve' }).click();
    await finding().getByRole('button', { name: 'Resolve' }).click();
    // Resolved findings move under their own heading; the tab counts none, the cell is no longer marked.
    await expect.poll(() => tab().textContent()).toBe('Consistency');
    expect(await page.locator(`td.cell-finding:has([data-cell="${TOTAL}"])`).count()).toBe(0);
    await page.getByRole('button', { name: 'Run the checks again' }).click();
    await page.getByText('Resolved or dismissed (1)').click();
    await finding().locator('.badge', { hasText: 'Resolved' }).waitFor();
    await screenshot(page, 'consistency-03-resolved', true);
  });

  it('reads the tab in Arabic and Chinese without missing strings', async () => {
    for (const lang of ['ar', 'zh']) {
      await chooseLanguage(page, lang);
      await page.locator(`[data-cell="${TOTAL}"]`).waitFor();
      await page.locator('#side-tab-findings').click();
      await finding().waitFor();
      await screenshot(page, `consistency-04-${lang}`, true);
      expect(await missingKeys(page)).toEqual([]);
    }
    await chooseLanguage(page, 'en');
    expect(browser.problems).toEqual([]);
  });
});
