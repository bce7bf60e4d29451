/**
 * Start-up: the language bundle and the session are fetched together, then the app
 * renders once, in the right language and at the right sign-in step (no flash).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { SessionResponse } from '@observatory/core';
import { authApi } from './api/endpoints.js';
import { App } from './app/App.js';
import { setupI18n } from './i18n/setup.js';
import './styles/base.css';

/**
 * A deep link to a questionnaire (from an e-mail, a bookmark) starts loading the grid's code
 * while the session and the language are fetched, instead of after them.
 */
function preloadPage() {
  if (/^\/submissions\/[^/]+/.test(window.location.pathname)) import('./features/questionnaire/SubmissionPage.js').catch(() => undefined);
}

async function start() {
  preloadPage();
  const [session] = await Promise.all([authApi.session().catch((): SessionResponse | null => null), setupI18n()]);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App initialSession={session} />
    </StrictMode>,
  );
}

void start();
