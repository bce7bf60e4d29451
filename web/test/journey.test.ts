/**
 * The data-entry and review journey in a real browser: a focal point opens GLOTIP, types a
 * value that breaks a rule and sees the error inline, fixes it, sees autosave complete,
 * is refused at submission with the blocking list, resolves it and submits; a reviewer
 * signs in with TOTP and raises a query on a cell; the focal point sees and answers it;
 * the reviewer accepts; an analyst finds the figure in a trend; a publisher releases it with
 * an embargo; once it has passed, a signed-out visitor finds it in the explorer (small
 * counts suppressed) and downloads it as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { currentTotp } from '../../server/src/auth/totp.js';
import { DEMO_TOTP_SECRET } from '../../server/src/demo/accounts.js';
import { focusedCell, installClock, openBrowser, passTime, screenshot, signIn, signOut, type Browser } from './helpers/browser.js';
import { serverClock, startPlatform, type Platform } from './helpers/platform.js';

let platform: Platform;
let browser: Browser;
let page: Page;
let submissionUrl = '';
let embargo = new Date(0);

const cell = (key: string) => page.locator(`[data-cell="${key}"]`);
const TOTAL = 'victims|exploitation=T|sex=T|age=T';
const CHILDREN = 'victims|exploitation=T|sex=T|age=Y0T17';
const sexCell = (sex: string) => `victims|exploitation=T|sex=${sex}|age=T`;

async function typeInto(key: string, text: string) {
  await cell(key).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
}

async function waitSaved() {
  await page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
}

beforeAll(async () => {
  platform = await startPlatform();
  browser = await openBrowser(platform.url);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('focal point', () => {
  it('signs in and sees what to do', async () => {
    await page.goto('/');
    await page.getByLabel('E-mail').waitFor();
    await screenshot(page, '01-sign-in');
    await signIn(page, 'focal.col@example.org');
    // The header (with Sign out) can show before the home page's heading does.
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    expect(await page.textContent('header')).toContain('National focal point, Colombia');
    await page.getByRole('heading', { name: 'What to do next' }).waitFor();
    await screenshot(page, '02-home-focal-point', true);
  });

  it('opens a GLOTIP questionnaire, and the same grid from a deep link', async () => {
    await page.getByRole('combobox', { name: /^Questionnaire/ }).selectOption('glotip');
    await page.getByRole('combobox', { name: /^Reporting year/ }).selectOption('2024');
    await page.getByRole('button', { name: 'Start' }).click();
    await cell(TOTAL).waitFor();
    submissionUrl = new URL(page.url()).pathname;
    expect(submissionUrl).toMatch(/^\/submissions\/[0-9a-f-]{36}$/);
    // A cold load of the deep link, as a bookmark or a link in an e-mail would do it.
    // (How long it takes is measured by `npm run bench:web`, not here.)
    await page.goto(submissionUrl);
    await cell(TOTAL).waitFor();
    await screenshot(page, '03-grid-glotip');
  });

  it('shows an inline error for a value that breaks a rule, and clears it when fixed', async () => {
    await typeInto(TOTAL, '10');
    await typeInto(CHILDREN, '20');
    // Children (20) more than the total (10): an error from the same engine as the server.
    await page.locator(`td.cell-error:has([data-cell="${TOTAL}"])`).waitFor();
    await page.getByText('This part (20) is larger than its total (10).').first().waitFor();
    expect(await cell(TOTAL).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '04-grid-inline-error');

    await typeInto(CHILDREN, '5');
    await page.locator(`td.cell-error:has([data-cell="${TOTAL}"])`).waitFor({ state: 'detached' });
    expect(await cell(TOTAL).getAttribute('aria-invalid')).toBeNull();
    await waitSaved();
    expect(await page.locator('.save-status').textContent()).toContain('All changes saved');
  });

  it('moves between cells with the keyboard like a spreadsheet', async () => {
    await cell(TOTAL).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedCell(page)).toBe(sexCell('F'));
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell(page)).toBe('victims|exploitation=SEXUAL|sex=F|age=T');
    await page.keyboard.press('Shift+Enter');
    expect(await focusedCell(page)).toBe(sexCell('F'));
    // A typed value parses as the user writes it; Escape undoes the cell's change.
    await page.keyboard.type('99');
    await page.keyboard.press('Escape');
    expect(await cell(sexCell('F')).inputValue()).toBe('');
  });

  it('is refused at submission with the blocking list, resolves it and submits', async () => {
    // The sexes add up to 7, not the total of 10: a warning that must be explained.
    await typeInto(sexCell('F'), '3');
    await typeInto(sexCell('M'), '4');
    await typeInto(sexCell('X'), '0');
    await typeInto(sexCell('U'), '0');
    await waitSaved();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const blocking = page.getByRole('heading', { name: /1 problem stops the submission/ });
    await blocking.waitFor();
    await page.getByText('The categories add up to 7, but the total is 10.').first().waitFor();
    await screenshot(page, '05-grid-blocking-list');

    // The link in the list goes to the cell.
    await page
      .locator('.blocking')
      .getByRole('button', { name: /Detected victims — Total \(all forms of exploitation\), Total, Total/ })
      .click();
    expect(await focusedCell(page)).toBe(TOTAL);

    // Explain the warning by a comment on the cell (F2 opens the cell's details).
    await page.keyboard.press('F2');
    await page.getByLabel('Comment').fill('Seven victims identified by sex; three more recorded without sex.');
    await waitSaved();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.locator('.badge-state-submitted').first().waitFor();
    expect(await page.locator('.page-subtitle').textContent()).toContain('Submitted');
    await screenshot(page, '06-grid-submitted');
  });
});

describe('reviewer', () => {
  it('signs in with the second factor and sees the queue', async () => {
    await signOut(page);
    await page.getByLabel('E-mail').fill('reviewer@example.org');
    await page.getByLabel('Password').fill('observatory-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Six-digit code').waitFor();
    await screenshot(page, '07-sign-in-totp');
    await page.getByLabel('Six-digit code').fill(currentTotp(DEMO_TOTP_SECRET, serverClock.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { name: 'Next to review' }).waitFor();
    await screenshot(page, '08-home-reviewer', true);
    await page.getByRole('link', { name: 'Review queue' }).first().click();
    await page.getByRole('link', { name: 'Colombia' }).waitFor();
    await screenshot(page, '09-review-queue');
  });

  it('opens the submission read-only and raises a query on a cell', async () => {
    await page.getByRole('link', { name: 'Colombia' }).click();
    await cell(TOTAL).waitFor();
    expect(await cell(TOTAL).getAttribute('readonly')).not.toBeNull();
    await cell(TOTAL).click();
    await page.getByRole('radio', { name: 'This cell' }).check();
    await page.getByLabel('Question to the country').fill('Please confirm the total: last year you reported none.');
    await page.getByRole('button', { name: 'Raise query' }).click();
    await page.locator(`td.cell-query:has([data-cell="${TOTAL}"])`).waitFor();
    await page
      .locator('.badge-state-queried')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => undefined);
    await screenshot(page, '10-review-query-raised');
  });

  it('sees completeness by country', async () => {
    await page.goto('/completeness?definition=glotip&period=2024');
    await page.getByRole('table').waitFor();
    const row = page.getByRole('row', { name: /Colombia/ });
    expect(await row.textContent()).toMatch(/Submitted|Queried/);
    await screenshot(page, '11-completeness');
  });
});

describe('focal point answers the query', () => {
  it('sees the query on its cell and replies', async () => {
    await signOut(page);
    await signIn(page, 'focal.col@example.org');
    await page.getByText(/query needs your answer/).waitFor();
    await page.goto(submissionUrl);
    await page.locator(`td.cell-query:has([data-cell="${TOTAL}"])`).waitFor();
    await cell(TOTAL).click();
    const inspector = page.locator('.inspector');
    await inspector.getByText('Please confirm the total').waitFor();
    await inspector.getByLabel('Reply').fill('Confirmed: the unit started recording in 2024.');
    await inspector.getByRole('button', { name: 'Send' }).click();
    await inspector.getByText('Answered').waitFor();
    await screenshot(page, '12-grid-query-answered');
    await page.getByRole('button', { name: 'Submit again' }).click();
    await page.locator('.page-subtitle .badge-state-submitted').waitFor();
  });
});

describe('reviewer accepts', () => {
  it('closes the answered query and accepts the submission', async () => {
    await signOut(page);
    await signIn(page, 'reviewer@example.org', { office: true });
    await page.goto(submissionUrl);
    await page.locator('#side-tab-queries').click();
    await page.getByRole('button', { name: 'Close query' }).click();
    await page.getByText('Closed', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Accept this submission' });
    await dialog.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.locator('.page-subtitle .badge-state-accepted').waitFor();
    await screenshot(page, '15-review-accepted');
  });
});

describe('analyst', () => {
  it('sees the accepted figure in the trend chart and its table', async () => {
    await signOut(page);
    await signIn(page, 'analyst@example.org');
    await page.getByRole('navigation').getByRole('link', { name: 'Analysis' }).click();
    await page.getByRole('tab', { name: 'Questionnaire figures' }).click();
    await page.getByRole('combobox', { name: 'Questionnaire' }).selectOption('glotip');
    await page.getByRole('combobox', { name: 'Country or area' }).selectOption('COL');
    const table = page.getByRole('table', { name: /Colombia/ });
    await table.waitFor();
    await page.locator('figure.chart canvas').first().waitFor();
    expect(await table.getByRole('row', { name: /2024/ }).getByRole('cell').textContent()).toBe('10');
    await screenshot(page, '16-analysis-indicator');
  });
});

describe('publisher and the public', () => {
  it('releases the accepted figure to the public with an embargo', async () => {
    await signOut(page);
    await signIn(page, 'publisher@example.org', { office: true });
    await page.getByRole('navigation').getByRole('link', { name: 'Releases' }).click();
    // The page's timers from here on are the test's to move (passTime), with the server's clock.
    await installClock(page);
    await page.getByRole('button', { name: 'New release' }).click();
    await page.getByLabel('Title (English)').fill('Trafficking in persons 2024');
    await page.locator('input[name="dataflows"][value="GLOTIP"]').check();
    // At least a minute ahead (creating and publishing take a few seconds), rounded up to the minute the form holds.
    embargo = new Date(Math.ceil((serverClock.now().getTime() + 60_000) / 60_000) * 60_000);
    await page.locator('input[name="embargoAt"]').fill(embargo.toISOString().slice(0, 16));
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { name: /^Release \d+: Trafficking in persons 2024/ }).waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page
      .getByRole('dialog', { name: /^Publish release/ })
      .getByRole('button', { name: 'Publish', exact: true })
      .click();
    await page.locator('.page-subtitle').getByText('Scheduled').waitFor();
    await screenshot(page, '17-release-scheduled');
  });

  it('after the embargo, a signed-out visitor finds the figure, small counts suppressed, and downloads it as CSV', async () => {
    await page.locator('.page-subtitle').getByText('Scheduled').waitFor();
    // The release page reads the release again a second after its embargo.
    await passTime(page, embargo.getTime() - serverClock.now().getTime() + 2_000);
    await page.locator('.page-subtitle').getByText('Published').waitFor();
    await signOut(page);
    await page.goto('/explore?flow=GLOTIP&REF_AREA=COL&from=2024&to=2024');
    const rows = page.locator('table.data tbody tr');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    // The total of 10 victims is there; 3 women and 4 men are below the public threshold of 5.
    expect(texts.some((r) => r.includes('2024') && r.endsWith('10'))).toBe(true);
    expect(texts.some((r) => r.endsWith('<5'))).toBe(true);
    await screenshot(page, '18-explorer-public');
    const csv = await page.request.get((await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).split(/\r?\n/);
    expect(lines.some((l) => l.includes('COL') && l.includes('2024') && /,10(,|$)/.test(l))).toBe(true);
  });
});

describe('the largest questionnaire sections', () => {
  it('renders every cell of the largest ARQ sections (1,028 and 649 cells)', async () => {
    await signIn(page, 'focal.per@example.org');
    await page.getByRole('combobox', { name: /^Questionnaire/ }).selectOption('arq');
    await page.getByRole('combobox', { name: /^Reporting year/ }).selectOption('2024');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-cell]').first().waitFor();
    const arq = new URL(page.url()).pathname;
    // The first cells come at once, the rest of the section in a transition right after.
    for (const [section, cells] of [
      ['seizures', 1028],
      ['prevalence', 649],
    ] as const) {
      await page.goto(`${arq}?section=${section}`);
      await page.locator('[data-cell]').first().waitFor();
      await expect.poll(() => page.locator('[data-cell]').count(), { interval: 50 }).toBe(cells);
    }
    await screenshot(page, '13-grid-arq-prevalence');
    await page.getByRole('tab', { name: /Drug seizures/ }).click();
    await page.locator('[data-cell="seizure_quantity|drug=heroin|seizure_unit=KG"]').waitFor();
    await screenshot(page, '14-grid-arq-seizures');
  });

  it('logged no errors in the browser', () => {
    expect(browser.problems).toEqual([]);
  });
});
