/**
 * The browser's client of the JSON API, typed by the server's own contracts
 * (@observatory/core). Cookie session; the CSRF token from the session goes back on every
 * write. Failures become ApiError with the server's error body (or a synthetic `network`
 * body when the server could not be reached), so pages handle one shape.
 */
import type { ErrorBody } from '@observatory/core';

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a signed-in request comes back 401: the session ended (expired or signed out elsewhere). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.body.code;
  }
}

export const isApiError = (err: unknown, code?: string): err is ApiError => err instanceof ApiError && (!code || err.code === code);

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Raw bytes (uploads) instead of JSON. */
  raw?: { data: Blob; contentType: string };
  signal?: AbortSignal;
  /** Auth probes (session, sign-in steps) report their own 401 instead of ending the session. */
  quiet401?: boolean;
}

export function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.contentType;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, { code: 'network', message: 'the server could not be reached' });
  }
  if (!res.ok) {
    const fallback: ErrorBody = { code: res.status >= 500 ? 'internal_error' : 'bad_response', message: res.statusText };
    const error = (await res.json().catch(() => fallback)) as ErrorBody;
    if (res.status === 401 && !opts.quiet401) for (const l of unauthenticatedListeners) l();
    throw new ApiError(res.status, typeof error.code === 'string' ? error : fallback);
  }
  return res;
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  return (await res.json()) as T;
}

/** Downloads a file response (e.g. an XLSX workbook) with the server's suggested name. */
export async function download(path: string, query?: Query): Promise<{ blob: Blob; fileName: string | null }> {
  const res = await send('GET', path, query ? { query } : {});
  const disposition = res.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? null;
  return { blob: await res.blob(), fileName };
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * A raw upload with progress (fetch cannot report how much of a request body has gone):
 * XMLHttpRequest with the same CSRF header, error shape and 401 handling as `request`.
 */
export function uploadWithProgress<T>(
  path: string,
  raw: { data: Blob; contentType: string },
  opts: { query?: Query; onProgress?: (fraction: number | null) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path, opts.query));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', raw.contentType);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.lengthComputable && e.total > 0 ? e.loaded / e.total : null);
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', message: 'the server could not be reached' }));
    xhr.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const fallback: ErrorBody = { code: xhr.status >= 500 ? 'internal_error' : 'bad_response', message: xhr.statusText };
      const error = body && typeof (body as ErrorBody).code === 'string' ? (body as ErrorBody) : fallback;
      if (xhr.status === 401) for (const l of unauthenticatedListeners) l();
      reject(new ApiError(xhr.status, error));
    };
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(raw.data);
  });
}
