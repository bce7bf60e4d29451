/**
 * Possible duplicates of the country's records: each flagged record beside the stored
 * records it looks like (the same identifying fields), with the fields that differ marked,
 * and a decision: keep it (the flag goes) or remove it (the record it repeats stays).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordDefinitionBundle } from '../../api/types.js';
import { announce } from '../../ui/announce.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { batchesApi, type DuplicatePage } from './api.js';
import { useRecordLabels, type RecordLabels } from './labels.js';
import { hasValue, useRecordValue } from './values.js';

type Group = DuplicatePage['duplicates'][number];
type StoredRecord = Group['record'];

/** Values of records compared as the API gives them (lists element by element). */
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function DuplicatesView({ country, collection, bundle }: { country: string; collection: string; bundle: RecordDefinitionBundle }) {
  const { t } = useTranslation();
  const labels = useRecordLabels(bundle);
  const headingId = useId();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState<StoredRecord | null>(null);

  const load = (after: number | null, signal?: AbortSignal) => {
    setLoading(true);
    setError(null);
    batchesApi.duplicates(country, collection, after, signal).then(
      (page) => {
        setGroups((g) => (after === null ? page.duplicates : [...(g ?? []), ...page.duplicates]));
        setTotal(page.total);
        setNext(page.next);
        setLoading(false);
      },
      (err: unknown) => {
        if (signal?.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
  };
  useEffect(() => {
    const ctl = new AbortController();
    load(null, ctl.signal);
    return () => ctl.abort();
    // The first page, once per country and collection (the view is keyed by them too).
  }, [country, collection]);

  const decided = (id: number, remaining: number) => {
    const left = (groups ?? []).filter((x) => x.record['id'] !== id);
    setGroups(left);
    setTotal(remaining);
    // The page is done but records remain (further on, or flagged since): fetch them.
    if (left.length === 0 && remaining > 0) load(null);
  };
  const keep = async (id: number) => {
    setError(null);
    try {
      const r = await batchesApi.reviewDuplicate(country, collection, id, 'distinct');
      decided(id, r.remaining);
      announce(t('records.duplicates.kept', { id: String(id) }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('records.duplicates.title')}</h2>
      <p className="hint">{t('records.duplicates.explain')}</p>
      {error !== null && <ErrorMessage error={error} />}
      {groups === null ? (
        loading && <Loading />
      ) : total === 0 ? (
        <p role="status">{t('records.duplicates.none')}</p>
      ) : (
        <>
          <p role="status">{t('records.duplicates.total', { count: total })}</p>
          {groups.map((g) => (
            <Comparison
              key={String(g.record['id'])}
              group={g}
              labels={labels}
              onKeep={() => void keep(g.record['id'] as number)}
              onRemove={() => setRemoving(g.record)}
            />
          ))}
          {next !== null && (
            <div className="button-row">
              <button type="button" disabled={loading} onClick={() => load(next)}>
                {t('records.duplicates.more')}
              </button>
            </div>
          )}
        </>
      )}
      {removing && (
        <RemoveDialog
          country={country}
          collection={collection}
          record={removing}
          onClose={() => setRemoving(null)}
          onDone={(remaining) => {
            decided(removing['id'] as number, remaining);
            setRemoving(null);
          }}
        />
      )}
    </section>
  );
}

/** One flagged record and its twins, field by field (a column each), with the decision. */
function Comparison({ group, labels, onKeep, onRemove }: { group: Group; labels: RecordLabels; onKeep: () => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const value = useRecordValue(labels);
  const captionId = useId();
  const { record, twins } = group;
  const all = [record, ...twins];
  const fields = labels.fields.filter((f) => all.some((r) => hasValue(r[f.id])));
  const where = (r: StoredRecord) => ({ batch: String(r['batch']), line: String(r['line']) });

  return (
    <div className="rec-duplicate-group">
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="data rec-compare">
          <caption id={captionId}>{t('records.duplicates.caption', { id: String(record['id']) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('records.duplicates.field')}</th>
              <th scope="col">{t('records.duplicates.flagged', where(record))}</th>
              {twins.map((tw) => (
                <th key={String(tw['id'])} scope="col">
                  {t('records.duplicates.twin', where(tw))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.id}>
                <th scope="row">{labels.fieldLabel(f.id)}</th>
                <td dir={f.type === 'text' ? 'auto' : undefined}>{value(f.id, record[f.id])}</td>
                {twins.map((tw) => {
                  const differs = !same(tw[f.id], record[f.id]);
                  return (
                    <td key={String(tw['id'])} className={differs ? 'rec-differs' : undefined} dir={f.type === 'text' ? 'auto' : undefined}>
                      {value(f.id, tw[f.id])}
                      {differs && <span className="visually-hidden"> ({t('records.duplicates.differs')})</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {twins.length === 0 && <p className="hint">{t('records.duplicates.noTwin')}</p>}
      <div className="button-row">
        <button type="button" onClick={onKeep}>
          {t('records.duplicates.keep')}
        </button>
        {twins.length > 0 && (
          <button type="button" className="button-danger" onClick={onRemove}>
            {t('records.duplicates.remove')}
          </button>
        )}
      </div>
    </div>
  );
}

function RemoveDialog(props: {
  country: string;
  collection: string;
  record: StoredRecord;
  onClose: () => void;
  onDone: (remaining: number) => void;
}) {
  const { t } = useTranslation();
  const id = props.record['id'] as number;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      const r = await batchesApi.reviewDuplicate(props.country, props.collection, id, 'duplicate');
      announce(t('records.duplicates.removed', { id: String(id) }));
      props.onDone(r.remaining);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog open title={t('records.duplicates.removeTitle', { id: String(id) })} onClose={props.onClose}>
      <p>{t('records.duplicates.removeExplain')}</p>
      {error !== null && <ErrorMessage error={error} />}
      <div className="button-row">
        <button type="button" className="button-danger" disabled={busy} onClick={() => void remove()}>
          {t('records.duplicates.removeConfirm')}
        </button>
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
