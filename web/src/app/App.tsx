/** The application: the session found at start-up, the router, and the route table. */
import { BrowserRouter } from 'react-router';
import type { SessionResponse } from '@observatory/core';
import { AppRoutes } from './routes.js';
import { SessionProvider } from './session.js';

export function App({ initialSession }: { initialSession: SessionResponse | null }) {
  return (
    <SessionProvider initial={initialSession}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </SessionProvider>
  );
}
