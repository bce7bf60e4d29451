/** A reviewer raises a query on a cell, its item, or the whole questionnaire. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { reviewApi } from '../../../api/endpoints.js';
import { announce } from '../../../ui/announce.js';
import { ErrorMessage } from '../../../ui/ErrorMessage.js';
import { useGrid } from '../context.js';

/** Queries can be raised while the submission is with the office: submitted or already queried. */
export const canRaise = (state: string) => state === 'submitted' || state === 'queried';

export function RaiseQuery({ cell, item, onRaised }: { cell?: string; item?: string; onRaised?: () => void }) {
  const { t } = useTranslation();
  const g = useGrid();
  const id = useId();
  const [target, setTarget] = useState<'cell' | 'item'>('cell');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const message = String(new FormData(form).get('message')).trim();
    if (!message) return;
    setError(null);
    setBusy(true);
    try {
      const body = cell && target === 'cell' ? { cell, message } : item ? { item, message } : { message };
      g.store.upsertQuery(await reviewApi.raise(g.submission.id, body));
      g.refreshSubmission();
      form.reset();
      announce(t('queries.raised'));
      onRaised?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="raise-query" onSubmit={(e) => void submit(e)}>
      {cell && item && (
        <fieldset>
          <legend>{t('queries.target')}</legend>
          <label className="inline">
            <input type="radio" name={`${id}-target`} checked={target === 'cell'} onChange={() => setTarget('cell')} />
            {t('queries.thisCell')}
          </label>
          <label className="inline">
            <input type="radio" name={`${id}-target`} checked={target === 'item'} onChange={() => setTarget('item')} />
            {t('queries.wholeItem')}
          </label>
        </fieldset>
      )}
      <label htmlFor={id}>{cell || item ? t('queries.raiseLabel') : t('queries.raiseGeneral')}</label>
      <textarea id={id} name="message" rows={3} required maxLength={4000} data-inspector-target="query" />
      <button type="submit" disabled={busy}>
        {t('queries.raise')}
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
