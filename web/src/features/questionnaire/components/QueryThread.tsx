/**
 * A query and its thread: who asked what, the answers, a reply box for the country and
 * the reviewer, and closing for the reviewer. Used on cells, items and the submission.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueryView } from '@observatory/core';
import { reviewApi } from '../../../api/endpoints.js';
import { hasRole } from '../../../app/roles.js';
import { useMe } from '../../../app/session.js';
import { announce } from '../../../ui/announce.js';
import { ErrorMessage } from '../../../ui/ErrorMessage.js';
import { useGrid } from '../context.js';

export function QueryThread({ query, heading }: { query: QueryView; heading?: ReactNode }) {
  const { t } = useTranslation();
  const g = useGrid();
  const me = useMe();
  const replyId = useId();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canReply = query.state !== 'closed' && hasRole(me, 'provider', 'focal_point', 'reviewer');
  const canClose = query.state !== 'closed' && g.reviewer;

  async function act(run: () => Promise<QueryView>, done: string) {
    setError(null);
    setBusy(true);
    try {
      g.store.upsertQuery(await run());
      g.refreshSubmission();
      announce(done);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function reply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const message = String(new FormData(form).get('message')).trim();
    if (!message) return;
    if (await act(() => reviewApi.reply(query.id, message), t('queries.replied'))) form.reset();
  }

  return (
    <article className={`query query-${query.state}`}>
      <header className="query-head">
        {heading && <span className="query-target">{heading}</span>}
        <span className={`badge badge-query-${query.state}`}>{t(`queries.state.${query.state}`)}</span>
      </header>
      <ol className="query-messages">
        {query.messages.map((m, i) => (
          <li key={i}>
            <div className="query-meta">
              <span>{m.by}</span> · <time dateTime={m.at}>{g.fmt.dateTime(m.at)}</time>
            </div>
            <p>{m.body}</p>
          </li>
        ))}
      </ol>
      {canReply && (
        <form className="query-reply" onSubmit={(e) => void reply(e)}>
          <label htmlFor={replyId}>{t('queries.reply')}</label>
          <textarea id={replyId} name="message" rows={2} required maxLength={4000} />
          <div className="button-row">
            <button type="submit" disabled={busy}>
              {t('queries.send')}
            </button>
            {canClose && (
              <button type="button" disabled={busy} onClick={() => void act(() => reviewApi.close(query.id), t('queries.closedAnnounce'))}>
                {t('queries.close')}
              </button>
            )}
          </div>
        </form>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </article>
  );
}
