/**
 * Debian's Chromium driven by playwright-core (no downloaded browser), in a fresh profile,
 * plus the steps every test needs: sign in (with the TOTP step for office roles), sign
 * out, screenshots, and the translation keys the app reported missing.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { currentTotp } from '../../../server/src/auth/totp.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../server/src/demo/accounts.js';
import { serverClock } from './platform.js';

export const SCREENS = '/tmp/observatory-screens';
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors, and uncaught exceptions. */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(baseURL: string, opts: { strictI18n?: boolean } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'observatory-chromium-'));
  await mkdir(SCREENS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ARGS,
    baseURL,
    viewport: { width: 1400, height: 900 },
    locale: 'en-GB',
  });
  // Scripts run in the page, so they are strings here (this project is type-checked without DOM types).
  if (opts.strictI18n) await context.addInitScript({ content: "localStorage.setItem('observatory.i18n.strict', '1')" });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Refusals the app handles (401 session probe, 409 conflict, 422 blocked submission) are logged
    // by the browser as failed resources; server errors (5xx) and script errors count.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the form, in whatever language the page shows (selectors do not depend on wording). */
export async function signIn(page: Page, email: string, opts: { office?: boolean } = {}): Promise<void> {
  await page.goto('/');
  // A test that failed half-way may have left someone signed in.
  await page.locator(`${SIGN_OUT}, input[name="email"]`).first().waitFor();
  if (await page.locator(SIGN_OUT).isVisible()) await signOut(page);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  if (opts.office) {
    const code = page.locator('input[name="code"]');
    await code.waitFor();
    for (let attempt = 0; ; attempt += 1) {
      await code.fill(currentTotp(DEMO_TOTP_SECRET, serverClock.now()));
      await page.locator('form button[type="submit"]').click();
      const outcome = await Promise.race([
        page
          .locator(SIGN_OUT)
          .waitFor()
          .then(() => 'in' as const),
        page
          .getByRole('alert')
          .waitFor()
          .then(() => 'refused' as const),
      ]);
      if (outcome === 'in') break;
      // A code is accepted once: a second sign-in in the same 30 s window needs the next code,
      // so the server's clock moves into the next window rather than the test waiting for it.
      if (attempt >= 2) throw new Error('the TOTP code was refused');
      serverClock.advance(31_000 - (serverClock.now().getTime() % 30_000));
    }
  }
  await page.locator(SIGN_OUT).waitFor();
}

const SIGN_OUT = 'header .header-tools button';

/**
 * Gives the page a clock of the test's, at the server's time (which sign-ins may have moved
 * on: see signIn), for passTime to move; timers the page sets from then on follow it.
 */
export async function installClock(page: Page): Promise<void> {
  await page.clock.install({ time: serverClock.now() });
}

/**
 * Moves time forward by `ms` on the server and in the page, firing the page's timers that
 * fall due, instead of waiting for an embargo. The page's clock must have been installed
 * (installClock) before it set the timers that matter.
 */
export async function passTime(page: Page, ms: number): Promise<void> {
  serverClock.advance(ms);
  await page.clock.fastForward(ms);
}

export async function signOut(page: Page): Promise<void> {
  await page.locator(SIGN_OUT).click();
  await page.locator('input[name="email"]').waitFor();
}

/** Picks a language in the header's language menu. */
export async function chooseLanguage(page: Page, lang: string): Promise<void> {
  await page.locator('.language-switch select').selectOption(lang);
  // The page's CSP forbids eval, so wait on the DOM rather than with waitForFunction.
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage });
}

export async function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.__observatoryMissingKeys ?? []');
}

/** The cell key of the focused element. */
export async function focusedCell(page: Page): Promise<string | null> {
  return page.evaluate<string | null>("document.activeElement?.getAttribute('data-cell') ?? null");
}
