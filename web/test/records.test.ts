/**
 * Case records in a real browser. Colombia's data provider uploads a file of synthetic
 * seizures with one bad row: the check's progress bar (fed by the server's events), the
 * report (layout, counts with 1 rejected, the problem with its line), the rejected rows
 * as CSV, the column mapping changed and checked again, then saved; the valid rows stored
 * after the confirmation that only they will be, the batch stored in the list, and
 * withdrawn with a reason. Colombia's focal point enters one record through the form: a
 * refusal shown beside its fields first, then stored, then the same again flagged as a
 * possible duplicate; the possible duplicates reviewed beside their twins, one kept and one
 * removed; VRS-MSRC shows its non-nominal rule. The upload page in Arabic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { IDS_CSV_HEADER, seizureCsvLine, seizures } from '../../server/src/records/generator.js';
import { chooseLanguage, missingKeys, openBrowser, screenshot, signIn, signOut, type Browser } from './helpers/browser.js';
import { startPlatform, type Platform } from './helpers/platform.js';

let platform: Platform;
let browser: Browser;
let page: Page;

/**
 * Enough rows (a few MB) that the check takes a moment and reports progress as it reads;
 * the last line has a date that does not exist.
 */
const ROWS = 60_000;
const BAD_LINE = ROWS + 2;
function seizureFile(): string {
  const gen = seizures([{ code: 'COL', region: '019', subregion: '419', intermediate: '005' }], 11, [2015, 2024]);
  const lines = [IDS_CSV_HEADER.join(',')];
  for (let i = 0; i < ROWS; i++) lines.push(seizureCsvLine(gen.next().value!));
  const bad = seizureCsvLine(gen.next().value!).replace(/^\d{4}-\d{2}-\d{2}/, '2023-02-30');
  lines.push(bad);
  return `${lines.join('\n')}\n`;
}

/** The error a field's aria-describedby points to. */
async function fieldError(field: Locator): Promise<Locator> {
  const id = (await field.getAttribute('aria-describedby'))?.split(' ').find((x) => x.endsWith('-error'));
  expect(id).toBeTruthy();
  return page.locator(`[id="${id}"]`);
}

const batchCard = () => page.getByRole('region', { name: /^Upload \d+/ });

beforeAll(async () => {
  platform = await startPlatform();
  browser = await openBrowser(platform.url, { strictI18n: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('Colombia’s data provider', () => {
  it('uploads a file with one bad row, follows the check and reads the report', async () => {
    await signIn(page, 'provider.col@example.org');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Case records' }).click();
    await page.getByRole('heading', { level: 1, name: 'Case records' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Collection' }).inputValue()).toBe('ids');

    const upload = page.getByRole('region', { name: 'Upload a file of records' });
    await upload.getByText('Drop a CSV or XLSX file here').waitFor();
    // The file input is the drop zone's keyboard path: a labelled, focusable control.
    await upload.getByLabel('Choose a file').setInputFiles({
      name: 'seizures-col.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(seizureFile()),
    });
    await upload.getByText('seizures-col.csv').waitFor();
    await screenshot(page, 'records-00-chosen');
    // The check reports its progress through server-sent events. The check may end within
    // a second, faster than a locator polls, so every state the bar takes is recorded as
    // the page renders it and read once the report is there.
    // (A string: the page's script; this project is type-checked without DOM types.)
    await page.evaluate(`(() => {
      const seen = [];
      window.progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('.rec-batch [role="progressbar"]');
        const detail = document.querySelector('.rec-batch .rec-progress-detail')?.textContent ?? '';
        if (bar) seen.push({ label: document.getElementById(bar.getAttribute('aria-labelledby') ?? '')?.textContent ?? null, detail, now: bar.getAttribute('aria-valuenow') });
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    await upload.getByRole('button', { name: 'Upload and check' }).click();

    // No wait for the bar itself: it may come and go between two polls.
    const card = batchCard();

    // The report: layout, counts, the problem with its line.
    await card.getByRole('heading', { name: 'Detected layout' }).waitFor({ timeout: 60_000 });
    const states = await page.evaluate<{ label: string | null; detail: string; now: string | null }[]>('window.progressSeen');
    expect(states.some((s) => s.label === 'Checking seizures-col.csv')).toBe(true);
    const counted = states.filter((s) => /^[\d,]+ rows read: [\d,]+ accepted, [\d,]+ rejected$/.test(s.detail));
    expect(counted.some((s) => Number(/^[\d,]+/.exec(s.detail)![0].replace(/,/g, '')) > 0)).toBe(true);
    for (const s of counted) {
      expect(Number(s.now)).toBeGreaterThanOrEqual(0);
      expect(Number(s.now)).toBeLessThanOrEqual(100);
    }
    expect(await card.locator('.badge').first().textContent()).toBe('Checked, not stored');
    const facts = await card.locator('.rec-facts').innerText();
    expect(facts).toMatch(/Format\s+CSV text file/);
    expect(facts).toMatch(/Encoding\s+UTF-8/);
    expect(facts).toMatch(/Delimiter\s+Comma \(,\)/);
    expect(facts).toMatch(/Header row on line\s+1/);
    const count = async (key: string) => Number((await card.locator(`[data-count="${key}"] dd`).innerText()).replace(/,/g, ''));
    expect(await count('read')).toBe(ROWS + 1);
    expect(await count('rejected')).toBe(1);
    expect(await count('accepted')).toBe(ROWS);
    const problems = card.getByRole('table', { name: 'Most frequent problems' });
    const row = problems.getByRole('row', { name: /Date of seizure/ });
    await row.getByText('Not a valid date').waitFor();
    await row.getByText(`Line ${BAD_LINE}`).waitFor();
    await screenshot(page, 'records-02-report', true);

    // The rejected rows, as the link downloads them (with the session cookie).
    const link = card.getByRole('link', { name: 'Download the rejected rows (1 row, CSV)' });
    const href = (await link.getAttribute('href'))!;
    const rejected = await page.request.get(href);
    expect(rejected.status()).toBe(200);
    expect(rejected.headers()['content-type']).toContain('text/csv');
    const lines = (await rejected.text()).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^line,field,code,message,Date,City,/);
    expect(lines[1]).toMatch(new RegExp(`^${BAD_LINE},seizure_date,invalid_date,.*2023-02-30`));
  });

  it('changes the column mapping, checks the file again and saves the mapping', async () => {
    const card = batchCard();
    await card.getByText('Column mapping').click();
    const table = card.getByRole('table', { name: 'Column mapping' });
    const remarks = table.getByRole('combobox', { name: 'Field for column “Remarks”' });
    expect(await remarks.inputValue()).toBe('remarks');
    expect(
      await table
        .getByRole('row', { name: /Remarks/ })
        .getByText('By its name')
        .count(),
    ).toBe(1);
    await remarks.selectOption('');
    await table
      .getByRole('row', { name: /Remarks/ })
      .getByText('Changed, not checked yet')
      .waitFor();
    await card.getByText('Changes apply when the file is checked again.').waitFor();
    await card.getByRole('table', { name: 'Column mapping' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'records-03-mapping-edited');

    // The bar, recorded by the observer above, shows that a new check ran (and the report
    // below is its own, not the previous one still on screen).
    await page.evaluate('window.progressSeen.length = 0');
    await card.getByRole('button', { name: 'Check again with this mapping' }).click();
    // Polled from here: waitForFunction would evaluate its string in the page, which the
    // app's Content-Security-Policy (no eval) refuses.
    await expect
      .poll(() => page.evaluate<boolean>(`window.progressSeen.some((s) => s.label === 'Checking seizures-col.csv')`), { timeout: 60_000 })
      .toBe(true);
    await card.getByRole('heading', { name: 'Detected layout' }).waitFor({ timeout: 60_000 });
    await card.getByText('Column mapping').click();
    const again = card.getByRole('table', { name: 'Column mapping' });
    expect(await again.getByRole('combobox', { name: 'Field for column “Remarks”' }).inputValue()).toBe('');
    await again
      .getByRole('row', { name: /Remarks/ })
      .getByText('By your choice')
      .waitFor();
    expect(Number((await card.locator('[data-count="rejected"] dd').innerText()).replace(/,/g, ''))).toBe(1);

    await card.getByLabel('Save this mapping as').fill('Customs export');
    await card.getByRole('button', { name: 'Save the mapping' }).click();
    await card.getByText('Mapping “Customs export” saved.').waitFor();
  });

  it('stores the valid rows only, after confirming, and withdraws the batch with a reason', async () => {
    const card = batchCard();
    const heading = (await card.getByRole('heading', { level: 2 }).first().innerText()).trim();
    const number = /^Upload (\d+)/.exec(heading)![1]!;
    await card.getByText('1 row was rejected. You can store only the', { exact: false }).waitFor();
    await card.getByRole('button', { name: 'Store the valid rows only…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Store the valid rows only?' });
    await dialog
      .getByText(`Only the ${ROWS.toLocaleString('en-GB')} valid rows will be stored. The 1 rejected row will not be stored.`)
      .waitFor();
    await screenshot(page, 'records-04-confirm');
    await dialog.getByRole('button', { name: `Store ${ROWS.toLocaleString('en-GB')} valid rows` }).click();
    await card.getByText(new RegExp(`^Stored as batch ${number}: ${ROWS.toLocaleString('en-GB')} records`)).waitFor({ timeout: 60_000 });
    await card.getByText('1 rejected row was not stored.').waitFor();
    expect(await card.locator('.badge').first().textContent()).toBe('Stored');

    const list = page.getByRole('table', { name: 'Recent uploads' });
    const listed = list.getByRole('row', { name: /seizures-col\.csv/ });
    await listed.getByText('Stored').waitFor();
    expect((await listed.getByRole('cell').allTextContents()).slice(3, 6)).toEqual([
      (ROWS + 1).toLocaleString('en-GB'),
      ROWS.toLocaleString('en-GB'),
      '1',
    ]);
    await screenshot(page, 'records-05-committed', true);

    // The saved mapping is offered for the next file.
    await card.getByRole('button', { name: 'Upload another file' }).click();
    await page.getByText('How to read the file (optional)').click();
    await page.getByRole('combobox', { name: 'Column mapping' }).selectOption('Customs export');

    await listed.getByRole('button', { name: `Withdraw… (batch ${number})` }).click();
    const withdraw = page.getByRole('dialog', { name: `Withdraw batch ${number}` });
    await withdraw.getByRole('button', { name: 'Withdraw the batch' }).click();
    await withdraw.getByText('Give a reason for the withdrawal.').waitFor();
    await withdraw.getByLabel('Reason').fill('Sent twice by customs');
    await withdraw.getByRole('button', { name: 'Withdraw the batch' }).click();
    await listed.getByText('Withdrawn').waitFor();
    await listed.getByText('Sent twice by customs').waitFor();
  });

  it('maps by hand the columns of a file whose headers the server does not know', async () => {
    await page.getByRole('combobox', { name: 'Column mapping' }).selectOption('');
    const upload = page.getByRole('region', { name: 'Upload a file of records' });
    await upload.getByLabel('Choose a file').setInputFiles({
      name: 'saisies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Saisies de la police, 2024\nQuand;Quoi;Combien;Unité\n2024-02-01;heroin;1,5;kg\n2024-02-02;opium;2;kg\n'),
    });
    await upload.getByRole('button', { name: 'Upload and check' }).click();
    const card = batchCard();
    await card.getByRole('alert').getByText('The file could not be checked, so nothing can be stored from it.').waitFor();
    await card
      .getByRole('alert')
      .getByText(/no header row found/)
      .waitFor();
    // The columns come from the chosen file (its header below a title), for the user to map.
    const table = card.getByRole('table', { name: 'Column mapping' });
    await table.getByRole('row', { name: /Quand/ }).waitFor();
    // “Unité” is the French name of the unit field: matched as the server would.
    expect(await table.getByRole('combobox', { name: 'Field for column “Unité”' }).inputValue()).toBe('unit');
    await card.getByText('No column holds these required fields: Date of seizure, Drug, Quantity.').waitFor();
    await table.getByRole('combobox', { name: 'Field for column “Quand”' }).selectOption('seizure_date');
    await table.getByRole('combobox', { name: 'Field for column “Quoi”' }).selectOption('drug');
    await table.getByRole('combobox', { name: 'Field for column “Combien”' }).selectOption('quantity');
    // The same field twice is caught before the check.
    await table.getByRole('combobox', { name: 'Field for column “Unité”' }).selectOption('quantity');
    await table.getByText('This field is also chosen for another column.').first().waitFor();
    expect(await card.getByRole('button', { name: 'Check again with this mapping' }).isDisabled()).toBe(true);
    await table.getByRole('combobox', { name: 'Field for column “Unité”' }).selectOption('unit');
    await card.getByRole('combobox', { name: 'Decimal mark' }).selectOption(',');
    await screenshot(page, 'records-09-mapping-by-hand', true);
    await card.getByRole('button', { name: 'Check again with this mapping' }).click();

    await card.getByRole('heading', { name: 'Detected layout' }).waitFor({ timeout: 60_000 });
    const facts = await card.locator('.rec-facts').innerText();
    expect(facts).toMatch(/Delimiter\s+Semicolon \(;\)/);
    expect(facts).toMatch(/Header row on line\s+2/);
    expect(facts).toMatch(/Decimal mark\s+Comma \(1,5\)/);
    expect(await card.locator('[data-count="accepted"] dd').innerText()).toBe('2');
    await card.getByText('All 2 rows are valid. They are stored all at once, or not at all.').waitFor();
    await card.getByRole('button', { name: 'Discard this upload' }).click();
    await card.getByText('This upload was discarded: nothing was stored.').waitFor();
    await page
      .getByRole('table', { name: 'Recent uploads' })
      .getByRole('row', { name: /saisies\.csv/ })
      .getByText('Discarded')
      .waitFor();
    await signOut(page);
  });
});

describe('Colombia’s focal point', () => {
  it('enters one record: refused beside its fields, then stored, then flagged as a possible duplicate', async () => {
    await signIn(page, 'focal.col@example.org');
    await page.goto('/records');
    await page.getByRole('navigation', { name: 'Case records' }).getByRole('link', { name: 'Enter a record' }).click();
    const form = page.getByRole('region', { name: 'Enter one record' });
    await form.getByLabel('Date of seizure').fill('2024-05-14');
    await form.getByLabel('Drug').selectOption('cocaine_hcl');
    await form.getByLabel('Quantity').fill('-5');
    await form.getByLabel('Countries of transit').selectOption('PAN');
    await form.getByLabel('Countries of transit').selectOption('MEX');
    await form.getByRole('button', { name: 'Remove Panama' }).waitFor();
    await form.getByLabel('Handling code').selectOption('H1');
    await form.getByRole('button', { name: 'Store the record' }).click();

    const summary = form.getByRole('alert');
    await summary.getByText('2 problems: the record was not stored.').waitFor();
    const quantity = form.getByLabel('Quantity');
    expect(await quantity.getAttribute('aria-invalid')).toBe('true');
    await (await fieldError(quantity)).getByText('Below the minimum').waitFor();
    const unit = form.getByLabel('Unit');
    expect(await unit.getAttribute('aria-invalid')).toBe('true');
    await (await fieldError(unit)).getByText('Missing (required)').waitFor();
    // The summary's links take the keyboard to the field.
    await summary.getByRole('button', { name: 'Unit' }).click();
    expect(await page.evaluate<string | null>('document.activeElement?.id ?? null')).toBe(await unit.getAttribute('id'));
    await screenshot(page, 'records-06-form-refused', true);

    await quantity.fill('2.5');
    await unit.selectOption('kg');
    await form.getByRole('button', { name: 'Store the record' }).click();
    const stored = form.getByRole('status').filter({ hasText: /^Record \d+ stored\./ });
    await stored.waitFor();
    await stored.getByText('It does not look like any record already stored.').waitFor();
    expect(await form.getByLabel('Quantity').inputValue()).toBe('');
    await screenshot(page, 'records-07-form-stored');

    await form.getByLabel('Date of seizure').fill('2024-05-14');
    await form.getByLabel('Drug').selectOption('cocaine_hcl');
    await form.getByLabel('Quantity').fill('2.5');
    await form.getByLabel('Unit').selectOption('kg');
    await form.getByLabel('Countries of transit').selectOption('PAN');
    await form.getByLabel('Countries of transit').selectOption('MEX');
    await form.getByLabel('Handling code').selectOption('H1');
    await form.getByRole('button', { name: 'Store the record' }).click();
    await form.getByText(/flagged as a possible duplicate for review/).waitFor();

    // Entered records are batches of one in the list.
    await page.getByRole('link', { name: 'Upload a file' }).click();
    await page.getByRole('table', { name: 'Recent uploads' }).getByText('Entered in the form').first().waitFor();
  });

  it('reviews possible duplicates: beside the records they look like, one kept, one removed', async () => {
    // A third report of the same seizure, with a remark the others lack.
    await page.getByRole('navigation', { name: 'Case records' }).getByRole('link', { name: 'Enter a record' }).click();
    const form = page.getByRole('region', { name: 'Enter one record' });
    await form.getByLabel('Date of seizure').fill('2024-05-14');
    await form.getByLabel('Drug').selectOption('cocaine_hcl');
    await form.getByLabel('Quantity').fill('2.5');
    await form.getByLabel('Unit').selectOption('kg');
    await form.getByLabel('Remarks').fill('Reported again by the port authority');
    await form.getByRole('button', { name: 'Store the record' }).click();
    await form.getByText(/flagged as a possible duplicate for review/).waitFor();

    await page.getByRole('navigation', { name: 'Case records' }).getByRole('link', { name: 'Possible duplicates' }).click();
    const review = page.getByRole('region', { name: 'Possible duplicates' });
    await review.getByRole('status').getByText('2 records are flagged as possible duplicates.').waitFor();
    const tables = review.getByRole('table', { name: /^Record \d+ and the stored records it looks like$/ });
    expect(await tables.count()).toBe(2);
    // The second entry, beside the first and the third, whose values that differ are marked, and say so.
    const first = tables.first();
    expect(await first.getByRole('columnheader').allInnerTexts()).toEqual([
      'Field',
      expect.stringMatching(/^This record \(upload \d+, line 1\)$/),
      expect.stringMatching(/^Stored record \(upload \d+, line 1\)$/),
      expect.stringMatching(/^Stored record \(upload \d+, line 1\)$/),
    ]);
    const remarks = first.getByRole('row', { name: /^Remarks/ });
    expect(await remarks.locator('td.rec-differs').count()).toBe(1);
    expect(await remarks.locator('td.rec-differs').textContent()).toBe('Reported again by the port authority (differs)');
    // It was entered without transit countries and handling code, as the others were not.
    expect(await first.locator('tr:has(td.rec-differs) th').allInnerTexts()).toEqual(['Countries of transit', 'Remarks', 'Handling code']);
    await first.getByRole('row', { name: /^Drug/ }).getByText('Cocaine hydrochloride').first().waitFor();
    await screenshot(page, 'records-10-duplicates', true);

    await review.getByRole('button', { name: 'Not a duplicate: keep it' }).first().click();
    await review.getByRole('status').getByText('1 record is flagged as a possible duplicate.').waitFor();
    await review.getByRole('button', { name: 'Duplicate: remove it…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Remove record \d+\?$/ });
    await dialog.getByText(/the record it repeats stays/).waitFor();
    await dialog.getByRole('button', { name: 'Remove the record' }).click();
    await review.getByRole('status').getByText('No record is flagged as a possible duplicate.').waitFor();
    expect(await dialog.isVisible()).toBe(false);
  });

  it('shows the non-nominal rule of VRS-MSRC', async () => {
    await page.goto('/records/new');
    await page.getByRole('combobox', { name: 'Collection' }).selectOption('vrs');
    await page.getByText('VRS-MSRC is strictly non-nominal').waitFor();
    await page.getByText(/^Do not enter names, passport or identity numbers/).waitFor();
    await page.getByRole('region', { name: 'Enter one record' }).getByLabel('Incident reference').waitFor();
    await screenshot(page, 'records-08-vrs-form', true);
  });

  it('reads the upload page in Arabic, right to left, with every string translated', async () => {
    await page.goto('/records');
    await chooseLanguage(page, 'ar');
    expect(await page.evaluate<string | null>('document.documentElement.getAttribute("dir")')).toBe('rtl');
    await page.getByRole('heading', { level: 1, name: 'السجلات الفردية' }).waitFor();
    const list = page.locator('table.rec-batches');
    await list.waitFor();
    // Reopen the withdrawn upload's report.
    await list
      .getByRole('row', { name: /seizures-col\.csv/ })
      .getByRole('button')
      .first()
      .click();
    await page.locator('.rec-counts').waitFor();
    await screenshot(page, 'ar-records-01-report', true);
    await page.getByRole('link', { name: 'إدخال سجل' }).click();
    await page.locator('.rec-form').waitFor();
    await screenshot(page, 'ar-records-02-form', true);
    expect(await missingKeys(page)).toEqual([]);
    await chooseLanguage(page, 'en');
    await signOut(page);
  });

  it('logged no errors and no missing translations in the browser', async () => {
    expect(browser.problems).toEqual([]);
    expect(await missingKeys(page)).toEqual([]);
  });
});
