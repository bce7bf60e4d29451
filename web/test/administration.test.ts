/**
 * The focal point's team (invitation link, section assignments), an invited provider who
 * sets a password and fills only their section, and the administrator's pages: accounts
 * with roles, a new office account enrolling its authenticator, API tokens, the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { currentTotp } from '../../server/src/auth/totp.js';
import { openBrowser, screenshot, signIn, signOut, type Browser } from './helpers/browser.js';
import { serverClock, startPlatform, type Platform } from './helpers/platform.js';

let platform: Platform;
let browser: Browser;
let page: Page;
let invitationLink = '';
let submissionPath = '';
const NEW_PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  platform = await startPlatform();
  browser = await openBrowser(platform.url);
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('focal point team', () => {
  it('opens GLOTIP, invites a provider and gets a one-time link', async () => {
    await signIn(page, 'focal.nga@example.org');
    await page.getByRole('combobox', { name: /^Questionnaire/ }).selectOption('glotip');
    await page.getByRole('combobox', { name: /^Reporting year/ }).selectOption('2024');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-cell]').first().waitFor();
    submissionPath = new URL(page.url()).pathname;

    await page.getByRole('navigation').getByRole('link', { name: 'My team' }).click();
    await page.getByLabel('Name').fill('Ada Obi');
    await page.getByLabel('E-mail').fill('ada.obi@example.org');
    await page.getByRole('checkbox', { name: 'GLOTIP' }).check();
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const link = page.getByLabel('Invitation link');
    await link.waitFor();
    invitationLink = await link.inputValue();
    expect(invitationLink).toMatch(/\/invite\/\S{10,}$/);
    await page.getByRole('row', { name: /Ada Obi/ }).waitFor();
  });

  it('assigns the victims section to the new provider', async () => {
    const assignments = page.getByRole('region', { name: 'Who fills which section' });
    await assignments.getByRole('combobox', { name: 'Questionnaire' }).selectOption('glotip');
    const victims = page.getByRole('group', { name: 'Detected victims of trafficking in persons' });
    await victims.getByRole('checkbox', { name: 'Ada Obi' }).check();
    await victims.getByRole('button', { name: 'Save' }).click();
    await victims.locator('button:disabled').waitFor();
    await screenshot(page, '20-team', true);
    await signOut(page);
  });
});

describe('invited provider', () => {
  it('sets a password from the invitation link and signs in', async () => {
    await page.goto(new URL(invitationLink).pathname);
    await screenshot(page, '21-invitation');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set my password' }).click();
    await page.getByText('Your password is set').waitFor();
    expect(new URL(page.url()).pathname).toBe('/invite/accepted');

    await page.goto('/');
    await page.locator('input[name="email"]').fill('ada.obi@example.org');
    await page.locator('input[name="password"]').fill(NEW_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.getByRole('heading', { name: 'Questionnaires of Nigeria' }).waitFor();
    await page
      .locator('.todo-list')
      .getByText(/GLOTIP 2024/)
      .first()
      .waitFor();
    await screenshot(page, '22-home-provider');
  });

  it('may fill only the assigned section', async () => {
    await page.goto(submissionPath);
    const victimsCell = page.locator('[data-cell="victims|exploitation=T|sex=T|age=T"]');
    await victimsCell.waitFor();
    expect(await victimsCell.getAttribute('readonly')).toBeNull();
    await page.getByRole('tab', { name: /Citizenship of detected victims/ }).click();
    const other = page.locator('[data-cell="victims_citizenship_status|citizenship_status=T|sex=T|age=T"]');
    await other.waitFor();
    expect(await other.getAttribute('readonly')).not.toBeNull();
    await screenshot(page, '23-provider-grid-other-section');
    await signOut(page);
  });
});

describe('administrator', () => {
  it('creates an office account with roles', async () => {
    await signIn(page, 'admin@example.org', { office: true });
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Create an account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Rosa Reviewer');
    await dialog.getByLabel('E-mail').fill('rosa@example.org');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await dialog.getByLabel('Role', { exact: true }).selectOption('reviewer');
    await screenshot(page, '24-create-user');
    await dialog.getByLabel('First password').fill(NEW_PASSWORD);
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('row', { name: /Rosa Reviewer/ }).waitFor();
    await screenshot(page, '25-users', true);
  });

  it('changes roles, disables and enables an account', async () => {
    const row = page.getByRole('row', { name: /Rosa Reviewer/ });
    await row.getByRole('button', { name: 'Roles…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Add a role' }).click();
    await dialog.getByLabel('Role', { exact: true }).nth(1).selectOption('analyst');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Analyst').waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.getByText('Active').waitFor();
  });

  it('creates an API token, sees its secret once, and revokes it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel('Token “Nightly export”');
    await secret.waitFor();
    expect(await secret.inputValue()).toMatch(/^obs_/);
    await screenshot(page, '26-tokens');
    await page
      .getByRole('row', { name: /Nightly export/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('row', { name: /Nightly export/ })
      .getByText('Revoked')
      .waitFor();
  });

  it('reads the audit log with the chain verified, filtered by action', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await page.getByText(/The hash chain is intact/).waitFor();
    await page.getByLabel('Action').fill('user.created');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('cell', { name: 'user.created' }).first().waitFor();
    const actions = await page.locator('tbody td:nth-child(4)').allTextContents();
    expect(new Set(actions)).toEqual(new Set(['user.created']));
    await screenshot(page, '27-audit');
    await signOut(page);
  });
});

describe('a new office account', () => {
  it('enrols an authenticator at first sign-in', async () => {
    await page.goto('/');
    await page.locator('input[name="email"]').fill('rosa@example.org');
    await page.locator('input[name="password"]').fill(NEW_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.getByRole('heading', { name: 'Set up your authenticator' }).waitFor();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await screenshot(page, '28-enrolment');
    const secret = (await page.locator('.enrol-secret dd code').first().textContent())!.replace(/\s/g, '');
    await page.getByLabel('Six-digit code').fill(currentTotp(secret, serverClock.now()));
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await page.getByRole('link', { name: 'Review queue' }).first().waitFor();
  });

  it('logged no errors in the browser', () => {
    expect(browser.problems).toEqual([]);
  });
});
