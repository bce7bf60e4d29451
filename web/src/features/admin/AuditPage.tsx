/**
 * The audit log for administrators: the hash chain's verification status, events newest
 * first, filtered by action and object, paged backwards ("older events"), with the
 * before and after of each change.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEventView } from '@observatory/core';
import { auditApi } from '../../api/endpoints.js';
import { useFormat } from '../../i18n/format.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { Page } from '../../ui/Page.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import './admin.css';

const PAGE = 50;

interface Filter {
  action: string;
  objectType: string;
  objectId: string;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const verify = useLoad(() => auditApi.verify(), []);
  const [filter, setFilter] = useState<Filter>({ action: '', objectType: '', objectId: '' });
  const [older, setOlder] = useState<AuditEventView[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const first = useLoad(async () => {
    const page = await auditApi.events({ limit: PAGE, ...clean(filter) });
    setOlder([]);
    setNext(page.nextBeforeSeq);
    return page.events;
  }, [filter]);
  const events = [...(first.data ?? []), ...older];

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setFilter({
      action: String(data.get('action')).trim(),
      objectType: String(data.get('objectType')).trim(),
      objectId: String(data.get('objectId')).trim(),
    });
  }

  async function loadOlder() {
    if (next === null) return;
    setMoreError(null);
    try {
      const page = await auditApi.events({ limit: PAGE, beforeSeq: next, ...clean(filter) });
      setOlder((o) => [...o, ...page.events]);
      setNext(page.nextBeforeSeq);
    } catch (err) {
      setMoreError(err);
    }
  }

  return (
    <Page title={t('audit.title')}>
      <section aria-labelledby="chain-title" className="card">
        <h2 id="chain-title">{t('audit.chain.title')}</h2>
        {verify.loading && <Loading label={t('audit.chain.checking')} />}
        {verify.error !== null && <ErrorMessage error={verify.error} />}
        {verify.data &&
          (verify.data.ok ? (
            <p className="alert alert-success" role="status">
              {t('audit.chain.ok', { count: verify.data.checked })}
            </p>
          ) : (
            <div className="alert alert-error" role="alert">
              <p className="alert-summary">{t('audit.chain.broken', { seq: verify.data.firstBrokenSeq ?? '?' })}</p>
              {verify.data.problem && <p className="alert-detail">{verify.data.problem}</p>}
            </div>
          ))}
        <button type="button" onClick={verify.reload} disabled={verify.loading}>
          {t('audit.chain.again')}
        </button>
      </section>

      <form className="toolbar" onSubmit={apply} aria-label={t('audit.filters')}>
        <label>
          {t('audit.action')}
          <input name="action" defaultValue={filter.action} placeholder="submission.submit" dir="ltr" />
        </label>
        <label>
          {t('audit.objectType')}
          <input name="objectType" defaultValue={filter.objectType} placeholder="submission" dir="ltr" />
        </label>
        <label>
          {t('audit.objectId')}
          <input name="objectId" defaultValue={filter.objectId} dir="ltr" />
        </label>
        <button type="submit">{t('audit.apply')}</button>
      </form>

      {first.error !== null && <ErrorMessage error={first.error} />}
      {first.loading && !first.data ? (
        <Loading />
      ) : (
        <>
          <p role="status" className="muted">
            {t('audit.shown', { count: events.length })}
          </p>
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('audit.seq')}
                  </th>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.object')}</th>
                  <th scope="col">{t('audit.country')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.seq}>
                    <th scope="row" className="num">
                      {e.seq}
                    </th>
                    <td>{fmt.dateTime(e.occurredAt)}</td>
                    <td dir="auto">{e.actorLabel}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      <code>{e.objectType}</code>
                      {e.objectId && <div className="hint break">{e.objectId}</div>}
                    </td>
                    <td>{e.country ? unitName(e.country) : ''}</td>
                    <td>
                      <details>
                        <summary>{t('audit.show')}</summary>
                        {e.before !== null && e.before !== undefined && (
                          <>
                            <div className="hint">{t('audit.before')}</div>
                            <pre className="audit-json" dir="ltr">
                              {JSON.stringify(e.before, null, 2)}
                            </pre>
                          </>
                        )}
                        {e.after !== null && e.after !== undefined && (
                          <>
                            <div className="hint">{t('audit.after')}</div>
                            <pre className="audit-json" dir="ltr">
                              {JSON.stringify(e.after, null, 2)}
                            </pre>
                          </>
                        )}
                        <div className="hint">
                          {t('audit.request')}: <span className="hash">{e.requestId ?? '—'}</span>
                        </div>
                        <div className="hint">
                          {t('audit.hash')}: <span className="hash break">{e.hash}</span>
                        </div>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {moreError !== null && <ErrorMessage error={moreError} />}
          {next !== null && (
            <button type="button" onClick={() => void loadOlder()}>
              {t('audit.older')}
            </button>
          )}
        </>
      )}
    </Page>
  );
}

function clean(f: Filter) {
  return {
    ...(f.action ? { action: f.action } : {}),
    ...(f.objectType ? { objectType: f.objectType } : {}),
    ...(f.objectId ? { objectId: f.objectId } : {}),
  };
}
