/**
 * The browser's client of the JSON API, typed by the server's own contracts
 * (@observatory/core). Cookie session; the CSRF token from the session goes back on writes.
 */
import type { ErrorBody, LoginBody, SessionResponse } from '@observatory/core';

let csrfToken: string | null = null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => ({ code: 'bad_response', message: res.statusText }))) as T | ErrorBody;
  if (!res.ok) throw new ApiError(res.status, json as ErrorBody);
  return json as T;
}

function remember(session: SessionResponse): SessionResponse {
  csrfToken = session.csrfToken;
  return session;
}

export const api = {
  session: () => call<SessionResponse>('GET', '/session').then(remember),
  login: (body: LoginBody) => call<SessionResponse>('POST', '/auth/login', body).then(remember),
  totp: (code: string) => call<SessionResponse>('POST', '/auth/totp', { code }).then(remember),
  logout: () => call<{ ok: true }>('POST', '/auth/logout'),
};
