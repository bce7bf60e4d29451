/**
 * The public data explorer, signed out: a country's seizure records are published by the
 * Office (through the API, as the journey test does through the pages), then a visitor
 * finds them, filters, switches to the chart, reopens the copied link, downloads the
 * selection as CSV, and reads the page in Arabic (right to left) and Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { IDS_CSV_HEADER, seizureCsvLine, seizures } from '../../server/src/records/generator.js';
import { chooseLanguage, missingKeys, openBrowser, screenshot, signIn, signOut, type Browser } from './helpers/browser.js';
import { startPlatform, type Platform } from './helpers/platform.js';
import { apiAs as apiAsAt } from './helpers/api.js';

let platform: Platform;
let browser: Browser;
let page: Page;

const apiAs = (email: string, office = false) => apiAsAt(platform.url, email, office);

beforeAll(async () => {
  platform = await startPlatform();
  // 400 synthetic seizures of Colombia, committed by its focal point, published by the Office.
  const focal = await apiAs('focal.col@example.org');
  const gen = seizures([{ code: 'COL', region: '019', subregion: '419', intermediate: '005' }], 5);
  const csv = [IDS_CSV_HEADER.join(','), ...Array.from({ length: 400 }, () => seizureCsvLine(gen.next().value!))].join('\n');
  const batch = await focal('POST', '/countries/COL/records/ids/batches?fileName=seizures.csv', csv, 'text/csv');
  for (let i = 0; i < 100 && (await focal('GET', `/record-batches/${batch['id']}`))['state'] === 'validating'; i++)
    await new Promise((r) => setTimeout(r, 100));
  await focal('POST', `/record-batches/${batch['id']}/commit?acceptPartial=true`);
  const publisher = await apiAs('publisher@example.org', true);
  const release = await publisher('POST', '/releases', {
    title: { en: 'Seizures' },
    dataflows: ['IDS_SEIZURES'],
    tiers: ['public'],
    embargoAt: new Date().toISOString(),
  });
  await publisher('POST', `/releases/${release['id']}/publish`);
  browser = await openBrowser(platform.url, { strictI18n: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('the public data explorer', () => {
  it('shows a signed-out visitor the published seizures, filtered, as a table and a chart', async () => {
    await page.goto('/explore');
    await page.getByRole('combobox', { name: 'Dataset' }).selectOption('IDS_SEIZURES');
    const status = page.getByRole('status').filter({ hasText: 'observations' });
    await status.waitFor();
    const total = Number(/of ([\d,]+)/.exec((await status.textContent())!)![1]!.replace(/,/g, ''));
    expect(total).toBeGreaterThan(20);
    await screenshot(page, 'explorer-table');

    const drug = page.getByRole('listbox', { name: /^Drug/ });
    const first = (await drug.locator('option').first().getAttribute('value'))!;
    await drug.selectOption([first]);
    await page.waitForURL(new RegExp(`DRUG=${first}`));
    const shownNow = async () => Number(/^([\d,]+)/.exec((await status.textContent())!)![1]!.replace(/,/g, ''));
    await expect.poll(shownNow).toBeLessThan(total);
    const shown = await shownNow();
    expect(shown).toBeGreaterThan(0);
    const rows = page.locator('table.data tbody tr');
    expect(await rows.count()).toBe(Math.min(shown, 50));

    await page.getByRole('tab', { name: 'Chart' }).click();
    await page.locator('figure.chart canvas').first().waitFor();
    await screenshot(page, 'explorer-chart');
    expect(browser.problems).toEqual([]);
  });

  it('reproduces the view from its link, and downloads the selection', async () => {
    const link = page.url();
    const again = await browser.context.newPage();
    await again.goto(link);
    await again.locator('figure.chart canvas').first().waitFor();
    expect(await again.getByRole('tab', { name: 'Chart' }).getAttribute('aria-selected')).toBe('true');
    await again.close();

    const href = (await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href'))!;
    expect(href).toContain('c%5BDRUG%5D=');
    const res = await page.request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/csv');
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/REF_AREA/);
    const sdmx = await page.request.get((await page.getByRole('link', { name: 'SDMX-CSV' }).getAttribute('href'))!);
    expect(sdmx.status()).toBe(200);
  });

  it('reads right to left in Arabic and without missing strings in Chinese', async () => {
    await page.getByRole('tab', { name: 'Table' }).click();
    await chooseLanguage(page, 'ar');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('table.data tbody tr').first().waitFor();
    await screenshot(page, 'explorer-ar');
    await chooseLanguage(page, 'zh');
    await page.locator('table.data tbody tr').first().waitFor();
    await screenshot(page, 'explorer-zh');
    expect(await missingKeys(page)).toEqual([]);
    await chooseLanguage(page, 'en');
  });

  it('gives an Office analyst the live trend with its coverage, the ranked flows and a pivot table to filter and download', async () => {
    await signIn(page, 'analyst@example.org');
    await page.getByRole('navigation').getByRole('link', { name: 'Analysis' }).click();
    await page.getByRole('combobox', { name: 'Country or area' }).selectOption('COL');
    await page.getByRole('heading', { name: /Seizures in Colombia/ }).waitFor();
    await page.locator('figure.chart canvas').first().waitFor();
    expect(
      await page
        .getByRole('table', { name: /Seizures in Colombia, by drug and year/ })
        .locator('tbody tr')
        .count(),
    ).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Coverage' }).locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'analysis-trend');
    // The same figures as grouped bars, each bar naming its drug, year and value.
    await page.getByRole('combobox', { name: 'Chart' }).selectOption('bar');
    const bars = page.locator('figure.bar-chart rect');
    await bars.first().waitFor();
    expect(await bars.first().locator('title').textContent()).toMatch(/^.+, \d{4}: [\d,.]+$/);
    expect(page.url()).toMatch(/chart=bar/);
    await screenshot(page, 'analysis-trend-bars');
    await page.getByRole('combobox', { name: 'Chart' }).selectOption('line');
    await page.locator('figure.chart canvas').first().waitFor();
    const mapYear = Math.max(
      ...(
        await page
          .getByRole('table', { name: /by drug and year/ })
          .locator('thead th')
          .allTextContents()
      )
        .map(Number)
        .filter(Boolean),
    );
    await page.getByRole('tab', { name: 'Map' }).click();
    await page.getByRole('combobox', { name: 'Year' }).selectOption(String(mapYear));
    const map = page.getByRole('img', { name: /World map of/ });
    await map.waitFor();
    await expect.poll(() => map.locator('path').count()).toBeGreaterThan(150);
    // Colombia (M49 170) is coloured, not the no-data grey.
    await expect
      .poll(async () => (await map.locator('path').filter({ hasText: 'Colombia' }).getAttribute('fill')) ?? '')
      .not.toBe('#e6e6e6');
    expect(
      await page
        .getByRole('table', { name: /by country/ })
        .locator('tbody tr')
        .count(),
    ).toBe(1);
    await screenshot(page, 'analysis-map');
    await page.getByRole('tab', { name: 'Flows' }).click();
    const flows = page.getByRole('table', { name: /Largest flows/ });
    await flows.waitFor();
    expect(await flows.locator('tbody tr').count()).toBeGreaterThan(0);
    // The flow map: an arrow per flow whose two ends are known countries, named in its title.
    const flowMap = page.getByRole('img', { name: /^Map of the \d+ largest flows/ });
    await flowMap.locator('path.flow-arrow').first().waitFor();
    const arrows = await flowMap.locator('path.flow-arrow title').allTextContents();
    expect(arrows.length).toBeGreaterThan(0);
    expect(arrows.length).toBeLessThanOrEqual(25);
    for (const a of arrows) expect(a).toMatch(/^.+ → .+: [\d,.]+$/);
    await screenshot(page, 'analysis-flows', true);

    // The pivot table: drugs down, years across, cases in the cells; totals agree with the CSV download.
    await page.getByRole('tab', { name: 'Pivot table' }).click();
    await page.getByRole('combobox', { name: 'Data' }).selectOption('ids');
    await page.getByRole('combobox', { name: 'Rows' }).selectOption('drug');
    await page.getByRole('combobox', { name: 'Columns' }).selectOption('year');
    await page.getByRole('combobox', { name: 'Measure' }).selectOption('cases');
    const pivot = page.getByRole('table', { name: /^Seizure cases by Drug and Year: Colombia/ });
    await pivot.waitFor();
    const figure = (text: string | null) => Number((text ?? '').replace(/,/g, ''));
    const rowTotals = (await pivot.locator('tbody tr td:last-child').allTextContents()).map(figure);
    const grandTotal = figure(await pivot.locator('tfoot td').last().textContent());
    expect(rowTotals.length).toBeGreaterThan(0);
    expect(grandTotal).toBe(rowTotals.reduce((a, b) => a + b, 0));
    expect(await pivot.locator('thead th[scope="col"]').first().textContent()).toBe('Drug / Year');
    await page.getByText('Coverage: 1 of 1 countries or territories (Colombia) contributed to this table: Colombia').waitFor();
    expect(page.url()).toMatch(/tab=pivot/);
    expect(page.url()).toMatch(/rows=drug/);
    await screenshot(page, 'analysis-pivot');
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toMatch(/format=csv/);
    const res = await page.request.get(new URL(href!, page.url()).toString());
    expect(res.status()).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Drug \/ Year,\d{4}(,\d{4})*,Total$/);
    expect(
      lines
        .find((l) => l.startsWith('Total,'))
        ?.split(',')
        .at(-1),
    ).toBe(String(grandTotal));
    expect(lines).toContain('Coverage,1 of 1 reporting units contributed: Colombia');

    // A filter keeps the records of one drug: the table narrows to its row, the download
    // states the filter, and the filter's chip removes it.
    const drug = (await pivot.locator('tbody th[scope="row"]').first().textContent())!;
    const filters = page.getByRole('group', { name: 'Filter the records' });
    await filters.getByText('No filter: every record of the area and years counts.').waitFor();
    await filters.getByRole('combobox', { name: 'Filter by' }).selectOption({ label: 'Drug' });
    await filters.getByRole('combobox', { name: 'Keep' }).selectOption({ label: drug });
    await filters.getByRole('button', { name: 'Add filter' }).click();
    const chip = filters.getByRole('button', { name: `Remove the filter Drug: ${drug}` });
    await chip.waitFor();
    expect(page.url()).toMatch(/filter=drug%3A/);
    await expect.poll(() => pivot.locator('tbody tr').count()).toBe(1);
    expect(await pivot.locator('tbody th[scope="row"]').textContent()).toBe(drug);
    expect(figure(await pivot.locator('tfoot td').last().textContent())).toBe(rowTotals[0]);
    await screenshot(page, 'analysis-pivot-filtered');
    const filtered = await page.request.get(
      new URL((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))!, page.url()).toString(),
    );
    const filteredLines = (await filtered.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(filteredLines.find((l) => l.startsWith('Filters,'))).toMatch(/^Filters,"?Drug: /);
    expect(
      filteredLines
        .find((l) => l.startsWith('Total,'))
        ?.split(',')
        .at(-1),
    ).toBe(String(rowTotals[0]));
    await chip.click();
    await expect.poll(() => pivot.locator('tbody tr').count()).toBe(rowTotals.length);
    expect(page.url()).not.toMatch(/filter=/);
    expect(browser.problems).toEqual([]);
    await signOut(page);
  });
});
