/**
 * Reciprocal sharing of VRS-MSRC records in a real browser: Colombia's focal point joins,
 * shares with Peru only and withholds the remarks (a refused save shows the server's
 * problem beside the partner it is about); Peru's provider reads the choices without a
 * form; Peru's focal point joins and sees Colombia's aggregates (restricted incidents
 * counted, a small cell shown as <5) and its records page by page without the remarks,
 * also in Arabic; Colombia's focal point sees Peru's views; the administrator widens the
 * window and reads every state's choices.
 *
 * The records are entered through the API as the focal points (the record pages are not
 * built yet); everything else goes through the pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseLanguage, missingKeys, openBrowser, screenshot, signIn, signOut, type Browser } from './helpers/browser.js';
import { startPlatform, type Platform } from './helpers/platform.js';

let platform: Platform;
let browser: Browser;
let page: Page;

/** Colombia: 27 open incidents to the United States (two pages of records) and two restricted ones to Panama. */
const OPEN = 27;
const colombia = [
  ...Array.from({ length: OPEN }, (_, i) => ({
    incident_ref: `COL-23-${String(i + 1).padStart(2, '0')}`,
    incident_date: `2023-03-${String(i + 1).padStart(2, '0')}`,
    departure: 'COL',
    destination: 'USA',
    migrants_citizenship: 'VEN',
    migrants_men: 3,
    handling: 'H0',
    remarks: `colremark-${i + 1}`,
  })),
  ...['H2', 'H3'].map((handling, i) => ({
    incident_ref: `COL-23-${handling}`,
    incident_date: `2023-04-0${i + 1}`,
    departure: 'COL',
    destination: 'PAN',
    migrants_citizenship: 'VEN',
    migrants_men: 2,
    handling,
    remarks: 'colsecretroute',
  })),
];

/** Enters records as the signed-in user, through the same API the record form will use. */
async function enterRecords(country: string, records: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const session = (await (await page.request.get('/api/v1/session')).json()) as { csrfToken: string };
  for (const body of records) {
    const res = await page.request.post(`/api/v1/countries/${country}/records/vrs`, {
      data: body,
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
}

const choices = () => page.getByRole('region', { name: /^Choices of (Colombia|Peru)$/ });

beforeAll(async () => {
  platform = await startPlatform();
  browser = await openBrowser(platform.url, { strictI18n: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('Colombia’s focal point', () => {
  it('joins VRS-MSRC sharing with Peru as partner, withholding the remarks', async () => {
    await signIn(page, 'focal.col@example.org');
    await enterRecords('COL', colombia);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sharing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sharing of case records' }).waitFor();
    await page.getByText(/^Sharing is reciprocal: a state sees other states’ records only for the years/).waitFor();
    await page.getByText('Not chosen yet: the defaults apply').waitFor();
    await page.getByText('Colombia has contributed records for: 2023.').waitFor();

    const form = choices();
    await form.getByRole('checkbox', { name: 'Take part in sharing this collection' }).check();
    const audience = form.getByRole('group', { name: 'Who may see our records' });
    await audience.getByRole('radio', { name: /^Named partner states/ }).check();
    await form.getByText('Unsaved changes').waitFor();

    // Asking for partners without naming one is caught before it reaches the server.
    await form.getByRole('button', { name: 'Save our choices' }).click();
    await form.getByText('Choose at least one partner state').waitFor();

    const partners = form.getByRole('group', { name: 'Partner states' });
    await partners.getByLabel('Find a state').fill('peru');
    await partners.getByRole('checkbox', { name: 'Peru', exact: true }).check();
    await partners.getByRole('button', { name: 'Remove Peru' }).waitFor();
    await form
      .getByRole('group', { name: 'Fields withheld from other states' })
      .getByRole('checkbox', { name: 'Remarks', exact: true })
      .check();
    // The date decides reciprocity's years: it is not offered.
    expect(await form.getByRole('checkbox', { name: 'Date of detection' }).count()).toBe(0);

    // A refusal from the server lands beside the field it names (here, the first partner).
    await page.route('**/api/v1/countries/COL/sharing/vrs', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 400,
            json: { code: 'validation_failed', message: 'unknown reporting unit PER', field: '/body/partners/0', requestId: 'req-test' },
          })
        : route.continue(),
    );
    await form.getByRole('button', { name: 'Save our choices' }).click();
    await form.getByRole('alert').getByText('Some choices were not accepted').waitFor();
    await partners.getByText('Peru: unknown reporting unit PER').waitFor();
    await partners.scrollIntoViewIfNeeded();
    await screenshot(page, 'sharing-00-refused-save');
    await page.unroute('**/api/v1/countries/COL/sharing/vrs');

    await form.getByRole('button', { name: 'Save our choices' }).click();
    await form.locator('[data-save-state="saved"]').getByText('Choices saved').waitFor();
    expect(await form.getByRole('button', { name: 'Save our choices' }).isDisabled()).toBe(true);
    await screenshot(page, 'sharing-01-choices-focal-point', true);

    await page.reload();
    await choices()
      .getByText(/^Last changed by focal\.col@example\.org on /)
      .waitFor();
    expect(await choices().getByRole('checkbox', { name: 'Take part in sharing this collection' }).isChecked()).toBe(true);
    expect(await choices().getByRole('checkbox', { name: 'Remarks', exact: true }).isChecked()).toBe(true);
    await signOut(page);
  });
});

describe('Peru’s data provider', () => {
  it('reads Peru’s choices without a form', async () => {
    await signIn(page, 'provider.per@example.org');
    await page.goto('/sharing');
    await choices().getByText('Only the national focal point can change these choices.').waitFor();
    expect(await choices().getByRole('checkbox').count()).toBe(0);
    expect(await choices().getByRole('button').count()).toBe(0);
    await signOut(page);
  });
});

describe('Peru’s focal point', () => {
  it('contributes, joins, and sees what Colombia grants', async () => {
    await signIn(page, 'focal.per@example.org');
    await enterRecords('PER', [
      {
        incident_ref: 'PER-23-1',
        incident_date: '2023-08-01',
        departure: 'PER',
        destination: 'CHL',
        migrants_citizenship: 'VEN',
        migrants_men: 4,
        handling: 'H0',
      },
    ]);
    await page.goto('/sharing');
    await choices().getByRole('checkbox', { name: 'Take part in sharing this collection' }).check();
    await choices()
      .getByRole('radio', { name: /^All states taking part/ })
      .check();
    await choices().getByRole('button', { name: 'Save our choices' }).click();
    await choices().getByText('Choices saved').waitFor();

    const grants = page.getByRole('table', { name: 'States sharing records with Peru' });
    const row = grants.getByRole('row', { name: /Colombia/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(['2023', 'Remarks']);
  });

  it('sees Colombia’s aggregates with restricted incidents counted and the small cell suppressed', async () => {
    await page.getByRole('navigation', { name: 'Sharing pages' }).getByRole('link', { name: 'Shared with us' }).click();
    await page.getByRole('heading', { level: 1, name: 'Data shared with us' }).waitFor();
    await page.getByText('Restricted records (H2, H3) are counted in the aggregates only').waitFor();
    const table = page.getByRole('table', { name: /^Aggregates of the records shared with Peru/ });
    const usa = table.getByRole('row', { name: /United States/ });
    await usa.waitFor();
    expect(await usa.getByRole('cell').first().textContent()).toBe('2023');
    expect(await usa.getByRole('cell').nth(4).textContent()).toBe(String(OPEN));
    const panama = table.getByRole('row', { name: /Panama/ });
    expect(await panama.getByRole('cell').nth(4).textContent()).toBe('<5Suppressed: fewer than 5 (Incidents)');
    await page.getByText(/<5\u2069 means that the cell counts fewer than 5 \(Incidents\)/).waitFor();
  });

  it('filters by year', async () => {
    const filters = page.getByRole('form', { name: 'Filter the shared data' });
    await filters.getByLabel('From year').fill('2024');
    await filters.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Nothing to show for this selection.').waitFor();
    await filters.getByLabel('From year').fill('');
    await filters.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('table', { name: /^Aggregates of the records shared with Peru/ }).waitFor();
  });

  it('shows Colombia’s records page by page, without the remarks and never a restricted one', async () => {
    await page.getByText('Not shown: Remarks (withheld by Colombia)').waitFor();
    await page.getByRole('button', { name: 'Show the records' }).click();
    const records = page.getByRole('table', { name: 'Records shared with Peru, page 1' });
    await records.waitFor();
    expect(await records.locator('tbody tr').count()).toBe(25);
    const headers = await records.locator('thead th').allTextContents();
    expect(headers).toContain('Incident reference');
    expect(headers).not.toContain('Remarks');
    await page.getByText('Page 1: 25 records.').waitFor();
    await screenshot(page, 'sharing-02-shared-data', true);

    await page.getByRole('button', { name: 'Next page' }).click();
    const second = page.getByRole('table', { name: 'Records shared with Peru, page 2' });
    await second.waitFor();
    await expect.poll(() => second.locator('tbody th').allTextContents()).toEqual(['Colombia', 'Colombia']);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(`COL-23-${OPEN}`);
    expect(text).not.toContain('colremark');
    expect(text).not.toContain('COL-23-H2');
    expect(text).not.toContain('colsecretroute');
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
  });

  it('reads the same page in Arabic, right to left, with every string translated', async () => {
    await chooseLanguage(page, 'ar');
    expect(await page.evaluate<string | null>('document.documentElement.getAttribute("dir")')).toBe('rtl');
    await page.locator('table.data').first().waitFor();
    await screenshot(page, 'ar-sharing-02-shared-data', true);
    await page.goto('/sharing');
    await page.locator('.sharing-form').waitFor();
    await screenshot(page, 'ar-sharing-01-choices', true);
    expect(await missingKeys(page)).toEqual([]);
    await chooseLanguage(page, 'en');
    await signOut(page);
  });
});

describe('Colombia’s focal point again', () => {
  it('sees that Peru viewed its records', async () => {
    await signIn(page, 'focal.col@example.org');
    await page.goto('/sharing');
    const views = page.getByRole('region', { name: 'Who viewed the records of Colombia' });
    const rows = views.locator('tbody tr');
    await rows.first().waitFor();
    // Newest first: the second page (2 records), then the first (25).
    expect(await rows.count()).toBe(2);
    expect((await rows.nth(0).locator('td').allTextContents()).slice(1)).toEqual([
      'focal.per@example.org',
      'Peru',
      '2',
      'All granted years',
    ]);
    expect((await rows.nth(1).locator('td').allTextContents()).slice(2, 4)).toEqual(['Peru', '25']);
    await views.scrollIntoViewIfNeeded();
    await screenshot(page, 'sharing-03-who-viewed', true);
    await signOut(page);
  });
});

describe('administrator', () => {
  it('widens the window and reads every state’s choices and views', async () => {
    await signIn(page, 'admin@example.org', { office: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sharing' }).click();
    const rules = page.getByRole('form', { name: /^Rules of VRS-MSRC/ });
    await rules.getByLabel('Window (years either side)').fill('1');
    await rules.getByRole('button', { name: 'Save the rules' }).click();
    await rules.getByText('Rules saved').waitFor();
    await page.getByText(/and 1 year either side\.$/).waitFor();
    await page.getByText('2 states take part: Colombia, Peru.').waitFor();

    const states = page.getByRole('table', { name: 'Choices of every state' });
    const col = states.getByRole('row', { name: /Colombia/ });
    expect((await col.getByRole('cell').allTextContents()).slice(0, 3)).toEqual(['Yes', 'Named partner statesPeru', 'Remarks']);
    await page.getByLabel('Show who viewed the records of').selectOption('COL');
    await page.getByRole('region', { name: 'Who viewed the records of Colombia' }).locator('tbody tr').first().waitFor();
    await screenshot(page, 'sharing-04-administrator', true);
    await signOut(page);
  });

  it('logged no errors and no missing translations in the browser', async () => {
    expect(browser.problems).toEqual([]);
    expect(await missingKeys(page)).toEqual([]);
  });
});
