/**
 * An API failure in words the user can act on: a translated sentence for the error code,
 * the server's own detail (which names the field or cell), and the request id to quote
 * to support.
 */
import { useTranslation } from 'react-i18next';
import { ERROR_CODES } from '@observatory/core';
import { ApiError } from '../api/client.js';

// Every code the API can answer with (core's list), and the client's own for no connection.
const KNOWN = new Set<string>(['network', ...ERROR_CODES]);

export function useErrorText() {
  const { t } = useTranslation();
  return (err: unknown): { summary: string; detail: string | null; requestId: string | null } => {
    if (err instanceof ApiError) {
      const code = KNOWN.has(err.code) ? err.code : 'unknown';
      const detail = err.code === 'network' ? null : err.body.message || null;
      return { summary: t(`errors.${code}`), detail, requestId: err.body.requestId ?? null };
    }
    return { summary: t('errors.unknown'), detail: err instanceof Error ? err.message : null, requestId: null };
  };
}

export function ErrorMessage({ error, className }: { error: unknown; className?: string }) {
  const { t } = useTranslation();
  const text = useErrorText()(error);
  return (
    <div role="alert" className={`alert alert-error ${className ?? ''}`}>
      <p className="alert-summary">{text.summary}</p>
      {text.detail && <p className="alert-detail">{text.detail}</p>}
      {text.requestId && <p className="alert-meta">{t('errors.reference', { id: text.requestId })}</p>}
    </div>
  );
}
