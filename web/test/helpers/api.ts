/**
 * A signed-in API client for seeding data in browser tests: the session cookie, and the
 * CSRF token on writes; office accounts pass the demo TOTP step.
 */
import { currentTotp } from '../../../server/src/auth/totp.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../server/src/demo/accounts.js';
import { serverClock } from './platform.js';

export type ApiCall = ((method: string, path: string, body?: unknown, type?: string) => Promise<Record<string, unknown>>) & {
  /** The session cookie (name and value), to hand the same session to a browser. */
  session(): { name: string; value: string };
};

export async function apiAs(baseUrl: string, email: string, office = false): Promise<ApiCall> {
  let cookie = '';
  let csrf = '';
  const request = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...(body === undefined ? {} : { 'content-type': type }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (typeof json?.['csrfToken'] === 'string') csrf = json['csrfToken'];
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json!;
  };
  const call: ApiCall = Object.assign(request, {
    session: () => {
      const at = cookie.indexOf('=');
      return { name: cookie.slice(0, at), value: cookie.slice(at + 1) };
    },
  });
  await call('POST', '/auth/login', { email, password: DEMO_PASSWORD });
  if (office) await call('POST', '/auth/totp', { code: currentTotp(DEMO_TOTP_SECRET, serverClock.now()) });
  return call;
}
