/**
 * The publisher's pages: Colombia's seizure and smuggling records are committed (through the
 * API, as the explorer test does); the publisher drafts a release of seizures, seizure flows
 * and smuggling for the public and national authorities (the server refusing an unknown
 * country beside its field), previews each tier (flows never reach the public; the public
 * sees smuggling by country only, departure and destination summed to totals), withdraws a
 * second release before its embargo, moves the first one's embargo a minute ahead, publishes
 * it (scheduled, then published when the minute passes), and a signed-out visitor finds the
 * published seizures in the explorer, as many as the public preview showed. The pages are
 * read in Chinese without a missing string; an analyst reads them without the publisher's
 * actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  IDS_CSV_HEADER,
  incidentCsvLine,
  incidents,
  seizureCsvLine,
  seizures,
  VRS_CSV_HEADER,
} from '../../server/src/records/generator.js';
import {
  chooseLanguage,
  missingKeys,
  installClock,
  openBrowser,
  passTime,
  screenshot,
  signIn,
  signOut,
  type Browser,
} from './helpers/browser.js';
import { serverClock, startPlatform, type Platform } from './helpers/platform.js';
import { apiAs as apiAsAt } from './helpers/api.js';

let platform: Platform;
let browser: Browser;
let page: Page;

const apiAs = (email: string, office = false) => apiAsAt(platform.url, email, office);

async function commit(focal: Awaited<ReturnType<typeof apiAs>>, collection: string, csv: string) {
  const batch = await focal('POST', `/countries/COL/records/${collection}/batches?fileName=${collection}.csv`, csv, 'text/csv');
  for (let i = 0; i < 200 && (await focal('GET', `/record-batches/${batch['id']}`))['state'] === 'validating'; i++)
    await new Promise((r) => setTimeout(r, 100));
  await focal('POST', `/record-batches/${batch['id']}/commit?acceptPartial=true`);
}

/** A datetime-local value in UTC, `ms` from the server's now, rounded up to the minute. */
const utcMinute = (ms: number) => new Date(Math.ceil((serverClock.now().getTime() + ms) / 60_000) * 60_000).toISOString().slice(0, 16);
const countOf = async (tab: Locator) => Number(/\(([\d,]+)\)/.exec((await tab.textContent())!)![1]!.replace(/,/g, ''));

beforeAll(async () => {
  platform = await startPlatform();
  const focal = await apiAs('focal.col@example.org');
  const gen = seizures([{ code: 'COL', region: '019', subregion: '419', intermediate: '005' }], 7);
  await commit(
    focal,
    'ids',
    [IDS_CSV_HEADER.join(','), ...Array.from({ length: 300 }, () => seizureCsvLine(gen.next().value!))].join('\n'),
  );
  const inc = incidents('COL', 11);
  await commit(
    focal,
    'vrs',
    [VRS_CSV_HEADER.join(','), ...Array.from({ length: 120 }, () => incidentCsvLine(inc.next().value!))].join('\n'),
  );
  browser = await openBrowser(platform.url, { strictI18n: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('the publisher’s releases', () => {
  let releaseUrl = '';
  let publicSeizures = 0;

  it('drafts a release, with the server’s refusal shown beside the field it concerns', async () => {
    await signIn(page, 'publisher@example.org', { office: true });
    await page.getByRole('navigation').getByRole('link', { name: 'Releases' }).click();
    await page.getByRole('heading', { name: 'Releases', level: 1 }).waitFor();
    await page.getByText('No releases yet.').waitFor();
    await page.getByRole('button', { name: 'New release' }).click();

    // Nothing filled in: the form says what is missing, field by field.
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByText('Give the release an English title.').waitFor();
    await page.getByText('Choose at least one dataset.').waitFor();

    await page.getByLabel('Title (English)').fill('Seizures and smuggling 2012-2024');
    await page.getByText('Title and note in other languages').click();
    await page.locator('input[name="title-fr"]').fill('Saisies et trafic de migrants 2012-2024');
    for (const id of ['IDS_SEIZURES', 'IDS_FLOWS', 'VRS_SMUGGLING']) await page.locator(`input[name="dataflows"][value="${id}"]`).check();
    await page.locator('input[name="tiers"][value="authorities"]').check();
    await page.getByLabel(/^Countries and areas/).fill('COL, ZZZ');
    await page.locator('input[name="embargoAt"]').fill(utcMinute(86_400_000));
    await expect.poll(() => page.getByText(/^Your time zone is UTC|^In your time zone/).count()).toBe(1);
    await page.getByRole('button', { name: 'Create draft' }).click();
    // The server refuses the unknown code; its message stands under the countries field.
    const countryError = page.locator('.field-error').filter({ hasText: 'unknown reporting unit ZZZ' });
    await countryError.waitFor();
    expect(await page.getByLabel(/^Countries and areas/).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'releases-create-error', true);

    await page.getByLabel(/^Countries and areas/).fill('COL');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { name: 'Release 1: Seizures and smuggling 2012-2024' }).waitFor();
    releaseUrl = page.url();
    expect(releaseUrl).toMatch(/\/releases\/[0-9a-f-]{36}$/);
    expect(browser.problems).toEqual([]);
  });

  it('previews each tier as its audience will see it', async () => {
    const tab = (name: RegExp) => page.getByRole('tab', { name });
    const dataset = page.getByRole('combobox', { name: 'Dataset' });

    // Smuggling: the public sees counts by country only; authorities see the routes.
    await dataset.selectOption('VRS_SMUGGLING');
    await tab(/^Public \(\d/).waitFor();
    await tab(/^Public/).click();
    const notice = page.getByText('Withheld from this tier: Country of departure, Intended destination shown only as totals.');
    await notice.waitFor();
    const table = page.locator('.release-preview table.data');
    const departures = async () => table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(await departures())).toEqual(new Set(['Total']));
    await screenshot(page, 'release-preview-public', true);
    await tab(/^National authorities/).click();
    await notice.waitFor({ state: 'detached' });
    expect((await departures()).some((d) => d !== 'Total')).toBe(true);
    await screenshot(page, 'release-preview-authorities', true);

    // Seizure flows never reach the public.
    await dataset.selectOption('IDS_FLOWS');
    await tab(/^Public \(\d/).waitFor();
    expect(await countOf(tab(/^Public/))).toBe(0);
    expect(await countOf(tab(/^National authorities/))).toBeGreaterThan(0);
    await tab(/^Public/).click();
    await page.getByText('Nothing of this dataset reaches the tier “Public”.').waitFor();

    // Seizures go to both tiers alike.
    await dataset.selectOption('IDS_SEIZURES');
    await tab(/^Public \(\d/).waitFor();
    publicSeizures = await countOf(tab(/^Public/));
    expect(publicSeizures).toBeGreaterThan(20);
    expect(await countOf(tab(/^National authorities/))).toBe(publicSeizures);
    expect(await countOf(tab(/^Office/))).toBe(publicSeizures);
    expect(browser.problems).toEqual([]);
  });

  it('withdraws a scheduled release, with a reason, before its embargo', async () => {
    await page.goto('/releases');
    await page.getByRole('button', { name: 'New release' }).click();
    await page.getByLabel('Title (English)').fill('Mistaken release');
    await page.locator('input[name="dataflows"][value="IDS_SEIZURES"]').check();
    await page.locator('input[name="embargoAt"]').fill(utcMinute(7 * 86_400_000));
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { name: 'Release 2: Mistaken release' }).waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('dialog', { name: 'Publish release 2?' }).getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('.page-subtitle').getByText('Scheduled').waitFor();
    await page.getByRole('button', { name: 'Withdraw…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw release 2' });
    await dialog.getByText('no reader will see them').waitFor();
    await dialog.getByLabel(/^Reason/).fill('Published by mistake');
    await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await page.locator('.page-subtitle').getByText('Withdrawn').waitFor();
    await page
      .getByRole('note')
      .getByText(/^Withdrawn by publisher@example\.org on .+\. Reason:/)
      .waitFor();
    await page.getByRole('note').getByText('Published by mistake').waitFor();
    expect(await page.getByRole('button', { name: 'Withdraw…' }).count()).toBe(0);
    expect(browser.problems).toEqual([]);
  });

  it('publishes at the embargo it states: scheduled first, published once the minute has passed', async () => {
    // The page's timers from here on are the test's to move (passTime), with the server's clock.
    await installClock(page);
    await page.goto(releaseUrl);
    await page.getByRole('button', { name: 'Edit' }).click();
    // At least a minute ahead (edit, save and publish take a few seconds), rounded up to the minute the form holds.
    const embargo = utcMinute(60_000);
    await page.locator('input[name="embargoAt"]').fill(embargo);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish release 1?' });
    // The confirmation states the audiences and the embargo (in UTC too).
    await dialog.getByText('Public, National authorities', { exact: true }).waitFor();
    // In the interface language's own clock (English: 12-hour), as the browser formats it;
    // ICU versions differ in the space before AM/PM, so spaces are compared as spaces.
    const spaces = (text: string | null) => (text ?? '').replace(/[\s\u202f]+/g, ' ');
    const at = new Date(`${embargo}:00Z`);
    const utc = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(at);
    expect(spaces(await dialog.locator('.embargo').textContent())).toContain(spaces(utc));
    expect(new Date((await dialog.locator('.embargo').getAttribute('datetime')) ?? '').getTime()).toBe(at.getTime());
    await screenshot(page, 'release-publish-dialog');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('.page-subtitle').getByText('Scheduled').waitFor();
    await page.getByText(/^Scheduled: Public, National authorities will see this release from/).waitFor();

    await page.getByRole('link', { name: '← All releases' }).click();
    const rows = page.locator('table.release-list tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Withdrawn');
    expect(await rows.nth(1).textContent()).toContain('Scheduled');
    expect(await rows.nth(1).locator('td.num').last().textContent()).toMatch(/^[\d,]+$/);
    await screenshot(page, 'releases-list', true);

    // The release page reads the release again a second after its embargo.
    await rows.nth(1).getByRole('link').click();
    await page.locator('.page-subtitle').getByText('Scheduled').waitFor();
    await passTime(page, at.getTime() - serverClock.now().getTime() + 2_000);
    await page.locator('.page-subtitle').getByText('Published').waitFor();
    const explore = page.getByRole('link', { name: /in the data explorer$/ });
    await explore.first().waitFor();
    expect(await explore.count()).toBe(3);
    expect(await explore.first().getAttribute('href')).toBe('/explore?flow=IDS_SEIZURES');
    await screenshot(page, 'release-published', true);
    expect(browser.problems).toEqual([]);
  });

  it('reads in Chinese without a missing string', async () => {
    await chooseLanguage(page, 'zh');
    await page.getByRole('heading', { level: 2, name: '按访问层级预览' }).waitFor();
    await page.locator('.release-preview table.data tbody tr').first().waitFor();
    await screenshot(page, 'release-zh', true);
    await page.getByRole('navigation').getByRole('link', { name: '发布', exact: true }).click();
    await page.locator('table.release-list tbody tr').first().waitFor();
    await page.getByRole('button', { name: '新建发布' }).click();
    await page.locator('input[name="embargoAt"]').fill(utcMinute(86_400_000));
    await screenshot(page, 'releases-zh', true);
    expect(await missingKeys(page)).toEqual([]);
    await chooseLanguage(page, 'en');
  });

  it('shows the rest of the Office the releases and their previews, without the publisher’s actions', async () => {
    await signOut(page);
    await signIn(page, 'analyst@example.org');
    await page.getByRole('navigation').getByRole('link', { name: 'Releases' }).click();
    await page.getByText('You can read and preview releases; only a publisher creates, publishes or withdraws them.').waitFor();
    expect(await page.getByRole('button', { name: 'New release' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Seizures and smuggling 2012-2024' }).click();
    await page.getByRole('tab', { name: /^Public \(\d/ }).waitFor();
    expect(await page.getByRole('button', { name: /Publish|Withdraw|Edit/ }).count()).toBe(0);
    expect(browser.problems).toEqual([]);
    await signOut(page);
  });

  it('lets a signed-out visitor find the published seizures in the explorer, as the public preview showed them', async () => {
    await page.goto('/explore?flow=IDS_SEIZURES');
    const status = page.getByRole('status').filter({ hasText: 'observations' });
    await status.waitFor();
    await expect
      .poll(async () => Number(/of ([\d,]+)/.exec((await status.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? -1))
      .toBe(publicSeizures);
    expect(await page.locator('table.data tbody tr').count()).toBe(Math.min(publicSeizures, 50));
    await screenshot(page, 'release-explorer');
    expect(browser.problems).toEqual([]);
  });
});
