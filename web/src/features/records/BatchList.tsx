/**
 * Recent uploads of the country for the collection (records entered one by one count as
 * batches of one): state, counts, the report to reopen, the rejected rows, and a
 * withdrawal (with a reason) for a stored batch.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchView } from '@observatory/core';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { batchesApi } from './api.js';
import { isOpen } from './model.js';

const SHOWN = 10;

/** A batch state as a coloured label; the word is always there. */
export function BatchState({ state }: { state: BatchView['state'] }) {
  const { t } = useTranslation();
  return <span className={`badge rec-state rec-state-${state}`}>{t(`records.state.${state}`)}</span>;
}

export function BatchList(props: {
  batches: BatchView[] | undefined;
  error: unknown;
  loading: boolean;
  current: string | null;
  onOpen: (id: string) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const headingId = useId();
  const [all, setAll] = useState(false);
  const [withdrawing, setWithdrawing] = useState<BatchView | null>(null);
  const list = props.batches ?? [];
  const shown = all ? list : list.slice(0, SHOWN);

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('records.list.title')}</h2>
      {props.error !== null && <ErrorMessage error={props.error} />}
      {!props.batches ? (
        props.loading && <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('records.list.empty')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data rec-batches" aria-labelledby={headingId}>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('records.list.number')}
                  </th>
                  <th scope="col">{t('records.list.file')}</th>
                  <th scope="col">{t('records.list.when')}</th>
                  <th scope="col">{t('records.list.state')}</th>
                  <th scope="col" className="num">
                    {t('records.counts.read')}
                  </th>
                  <th scope="col" className="num">
                    {t('records.counts.accepted')}
                  </th>
                  <th scope="col" className="num">
                    {t('records.counts.rejected')}
                  </th>
                  <th scope="col" className="num">
                    {t('records.counts.duplicates')}
                  </th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((b) => (
                  <tr
                    key={b.id}
                    className={b.id === props.current ? 'rec-current' : undefined}
                    aria-current={b.id === props.current || undefined}
                  >
                    <td className="num">{b.number}</td>
                    <th scope="row" className="rec-file-cell">
                      {b.kind === 'form' ? <span className="muted">{t('records.list.entered')}</span> : <bdi>{b.fileName ?? '—'}</bdi>}
                    </th>
                    <td>
                      <span className="nowrap">{fmt.dateTime(b.committedAt ?? b.createdAt)}</span>
                      <span className="hint rec-by">{b.createdBy}</span>
                    </td>
                    <td>
                      <BatchState state={b.state} />
                      {b.state === 'withdrawn' && b.withdrawnReason && (
                        <span className="hint rec-reason">
                          <bdi>{b.withdrawnReason}</bdi>
                        </span>
                      )}
                    </td>
                    <td className="num">{fmt.number(b.rowsRead)}</td>
                    <td className="num">{fmt.number(b.rowsAccepted)}</td>
                    <td className="num">{fmt.number(b.rowsRejected)}</td>
                    <td className="num">{fmt.number(b.rowsDuplicate)}</td>
                    <td>
                      <div className="rec-row-actions">
                        {b.kind === 'file' && b.id !== props.current && (
                          <button type="button" className="button-link" onClick={() => props.onOpen(b.id)}>
                            {isOpen(b) ? t('records.list.continue') : t('records.list.open')}
                            <span className="visually-hidden">{` ${t('records.list.batchName', { number: String(b.number) })}`}</span>
                          </button>
                        )}
                        {b.state === 'committed' && (
                          <button type="button" className="button-link rec-danger-link" onClick={() => setWithdrawing(b)}>
                            {t('records.withdraw.action')}
                            <span className="visually-hidden">{` ${t('records.list.batchName', { number: String(b.number) })}`}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.length > SHOWN && (
            <button type="button" className="button-link rec-more" onClick={() => setAll((a) => !a)}>
              {all ? t('records.list.fewer') : t('records.list.all', { count: list.length })}
            </button>
          )}
        </>
      )}
      {withdrawing && (
        <WithdrawDialog
          batch={withdrawing}
          onClose={() => setWithdrawing(null)}
          onDone={() => {
            setWithdrawing(null);
            props.onChanged();
          }}
        />
      )}
    </section>
  );
}

function WithdrawDialog({ batch, onClose, onDone }: { batch: BatchView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const ids = { reason: useId(), hint: useId() };
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setEmpty(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await batchesApi.withdraw(batch.id, reason.trim());
      announce(t('records.withdraw.done', { number: String(batch.number) }));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open title={t('records.withdraw.title', { number: String(batch.number) })} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('records.withdraw.explain', { accepted: batch.rowsAccepted })}</p>
        <div className="field">
          <label htmlFor={ids.reason}>{t('records.withdraw.reason')}</label>
          <textarea
            id={ids.reason}
            rows={3}
            maxLength={2000}
            required
            aria-invalid={empty || undefined}
            aria-describedby={empty ? ids.hint : undefined}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setEmpty(false);
            }}
          />
          {empty && (
            <p className="rec-field-error" id={ids.hint}>
              {t('records.withdraw.reasonRequired')}
            </p>
          )}
        </div>
        {error !== null && <ErrorMessage error={error} />}
        <div className="button-row">
          <button type="submit" className="button-danger" disabled={busy}>
            {t('records.withdraw.confirm')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
