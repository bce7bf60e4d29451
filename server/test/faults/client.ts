/**
 * A browser-like client over real HTTP (fetch): keeps the session cookie, sends the CSRF
 * header on writes, as the web app does. A request that gets no complete answer (the
 * server was killed) is a NetworkError: the change is unacknowledged, not refused.
 */
import { currentTotp } from '../../src/auth/totp.js';
import { SESSION_COOKIE } from '../../src/http/authenticate.js';

export class NetworkError extends Error {}
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT';

export class Client {
  private cookie: string | null = null;
  private csrf: string | null = null;

  /** `base` changes when a killed server comes back on another port; the session stays (it is in the database). */
  constructor(public base: string) {}

  /** Sends a request and returns the JSON body of a 2xx answer; anything else throws. */
  async send<T>(method: Method, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers['cookie'] = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = contentType;
    let status: number;
    let text: string;
    try {
      const res = await fetch(this.base + path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      status = res.status;
      const session = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
      if (session) this.cookie = session.slice(SESSION_COOKIE.length + 1).split(';')[0] || null;
      text = await res.text();
    } catch (err) {
      throw new NetworkError(`${method} ${path}: ${(err as Error).message}`);
    }
    if (status < 200 || status >= 300) throw new HttpError(status, `${method} ${path} answered ${status}: ${text.slice(0, 500)}`);
    const json = (text ? JSON.parse(text) : null) as T;
    const csrf = (json as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof csrf === 'string') this.csrf = csrf;
    return json;
  }
}

/** Signs in with password, then a TOTP code when the account has a second factor. */
export async function signIn(base: string, email: string, password: string, totpSecret?: string, now = () => new Date()): Promise<Client> {
  const client = new Client(base);
  const first = await client.send<{ state: string }>('POST', '/api/v1/auth/login', { email, password });
  if (first.state === 'second_factor_required') {
    if (!totpSecret) throw new Error(`${email} needs a second factor`);
    await client.send('POST', '/api/v1/auth/totp', { code: currentTotp(totpSecret, now()) });
  }
  return client;
}
