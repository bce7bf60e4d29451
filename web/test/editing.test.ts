/**
 * Editing in depth: a value changed elsewhere while the page was open comes back as a
 * conflict the user resolves; the Excel workbook downloads and uploads with a report;
 * last year's values are shown for comparison and feed the year-on-year check;
 * "not known" is typed as a short word; flags and comments are saved; history lists
 * every revision.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, signIn, type Browser } from './helpers/browser.js';
import { startPlatform, type Platform } from './helpers/platform.js';

let platform: Platform;
let browser: Browser;
let page: Page;
const TOTAL = 'victims|exploitation=T|sex=T|age=T';
const FEMALE = 'victims|exploitation=T|sex=F|age=T';
const cell = (key: string) => page.locator(`[data-cell="${key}"]`);

async function typeInto(key: string, text: string) {
  await cell(key).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
}

async function waitSaved() {
  await page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
}

async function openGlotip(period: string) {
  await page.goto('/');
  await page.getByRole('combobox', { name: /^Questionnaire/ }).selectOption('glotip');
  await page.getByRole('combobox', { name: /^Reporting year/ }).selectOption(period);
  await page.getByRole('button', { name: 'Start' }).click();
  await cell(TOTAL).waitFor();
  return new URL(page.url()).pathname;
}

beforeAll(async () => {
  platform = await startPlatform();
  browser = await openBrowser(platform.url);
  page = browser.page;
  await signIn(page, 'focal.tha@example.org');
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('year-on-year', () => {
  it('shows last year’s values beside this year’s and warns on a large change', async () => {
    await openGlotip('2023');
    await typeInto(TOTAL, '40');
    await waitSaved();
    await openGlotip('2024');
    await page.getByRole('checkbox', { name: 'Show 2023 values' }).check();
    await page.locator('td:has([data-cell="victims|exploitation=T|sex=T|age=T"]) .cell-prev').getByText('2023: 40').waitFor();
    await typeInto(TOTAL, '90');
    // 40 → 90 is a change the GLOTIP definition asks to explain.
    await page.locator(`td.cell-warning:has([data-cell="${TOTAL}"])`).waitFor();
    await page.locator('td:has([data-cell="victims|exploitation=T|sex=T|age=T"]) .cell-prev').getByText('(+125%)').waitFor();
    await screenshot(page, '30-grid-year-on-year');
  });
});

describe('cell details', () => {
  it('saves “not known”, flags and a comment, and shows the history', async () => {
    await typeInto(FEMALE, 'NK');
    expect(await cell(FEMALE).inputValue()).toBe('NK');
    await cell(TOTAL).focus();
    await page.keyboard.press('F2');
    await page.getByRole('checkbox', { name: 'Estimated' }).check();
    await page.getByLabel('Comment').fill('Includes victims identified by NGOs.');
    await waitSaved();
    await page.getByRole('button', { name: 'Show the history of this cell' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('cell', { name: 'Includes victims identified by NGOs.' }).waitFor();
    await screenshot(page, '31-cell-history');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});

describe('conflicts', () => {
  it('names a cell changed elsewhere and lets the user take the other value', async () => {
    // Someone else saves the total while this page is open.
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const session = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
    const current = (await (await page.request.get(`/api/v1/submissions/${id}/values`)).json()) as {
      cells: Array<{ cell: string; revision: number }>;
    };
    const revision = current.cells.find((c) => c.cell === TOTAL)!.revision;
    const res = await page.request.put(`/api/v1/submissions/${id}/values`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { cells: [{ cell: TOTAL, value: { kind: 'number', value: 77 }, baseRevision: revision }] },
    });
    expect(res.status()).toBe(200);

    await typeInto(TOTAL, '95');
    await page.locator('[data-save-state="conflict"]').waitFor({ timeout: 15_000 });
    await page.locator(`td.cell-conflict:has([data-cell="${TOTAL}"])`).waitFor();
    await page.locator('.save-status').getByRole('button', { name: 'Show' }).click();
    await page.getByText('Someone else changed this cell').waitFor();
    await screenshot(page, '32-grid-conflict');
    await page.getByRole('button', { name: 'Use their value' }).click();
    await expect.poll(() => cell(TOTAL).inputValue()).toBe('77');
    await waitSaved();
  });
});

describe('an ended session', () => {
  it('asks to sign in again over the page and saves what was typed meanwhile', async () => {
    // The session ends (expired, or signed out in another tab) while the user types.
    await browser.context.clearCookies();
    await typeInto(FEMALE, '31');
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor();
    await screenshot(page, '34-sign-in-again');
    await dialog.getByLabel('Password').fill('observatory-demo-2026');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitSaved();
    expect(await cell(FEMALE).inputValue()).toBe('31');
  });
});

describe('Excel workbook', () => {
  it('downloads the questionnaire and uploads it back with a report', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Excel' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('glotip-THA-2024.xlsx');
    const bytes = await readFile((await file.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    await page.locator('#workbook-file').setInputFiles({
      name: 'glotip-THA-2024.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bytes,
    });
    const report = page.getByRole('dialog', { name: 'Upload of glotip-THA-2024.xlsx' });
    await report.waitFor();
    await screenshot(page, '33-workbook-report');
    await report.getByText('No value changed.').waitFor();
    await report.getByRole('button', { name: 'Close' }).last().click();
  });

  it('logged no errors in the browser', () => {
    expect(browser.problems).toEqual([]);
  });
});
