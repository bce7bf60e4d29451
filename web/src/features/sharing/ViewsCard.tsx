/**
 * Who viewed this state's records, from the audit log: when, who, for which state, how
 * many records, with which year range; newest first, older ones on request.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SharedViews } from '@observatory/core';
import { sharingApi } from '../../api/endpoints.js';
import { useFormat } from '../../i18n/format.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';

type View = SharedViews['views'][number];
const PAGE = 50;

export function ViewsCard({ country, collection, heading = 2 }: { country: string; collection: string; heading?: 2 | 3 }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const headingId = useId();
  const [older, setOlder] = useState<View[]>([]);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [more, setMore] = useState(false);
  const first = useLoad(async () => {
    const page = await sharingApi.views(country, collection);
    setOlder([]);
    setMore(page.views.length === PAGE);
    return page.views;
  }, [country, collection]);
  const views = [...(first.data ?? []), ...older];
  const last = views[views.length - 1];
  const Heading = heading === 2 ? 'h2' : 'h3';

  async function loadOlder() {
    if (!last) return;
    setMoreError(null);
    try {
      const page = await sharingApi.views(country, collection, last.seq);
      setOlder((o) => [...o, ...page.views]);
      setMore(page.views.length === PAGE);
    } catch (err) {
      setMoreError(err);
    }
  }

  const years = (q: Record<string, unknown>) => {
    const from = typeof q['from'] === 'number' ? q['from'] : null;
    const to = typeof q['to'] === 'number' ? q['to'] : null;
    if (from === null && to === null) return t('sharing.views.allYears');
    if (from !== null && to !== null) return from === to ? String(from) : `${from}–${to}`;
    return from !== null ? t('sharing.views.fromYear', { year: from }) : t('sharing.views.toYear', { year: to });
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="section-heading">
        <Heading id={headingId}>{t('sharing.views.title', { country: unitName(country) })}</Heading>
        <button type="button" onClick={first.reload} disabled={first.loading}>
          {t('sharing.views.refresh')}
        </button>
      </div>
      <p className="muted">{t('sharing.views.intro')}</p>
      {first.error !== null && <ErrorMessage error={first.error} />}
      {first.loading && !first.data ? (
        <Loading />
      ) : views.length === 0 ? (
        <p>{t('sharing.views.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data sharing-table">
            <caption className="visually-hidden">{t('sharing.views.title', { country: unitName(country) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sharing.views.when')}</th>
                <th scope="col">{t('sharing.views.viewer')}</th>
                <th scope="col">{t('sharing.views.viewerCountry')}</th>
                <th scope="col" className="num">
                  {t('sharing.views.records')}
                </th>
                <th scope="col">{t('sharing.views.years')}</th>
              </tr>
            </thead>
            <tbody>
              {views.map((v) => (
                <tr key={v.seq}>
                  <td>{fmt.dateTime(v.at)}</td>
                  <td dir="auto">{v.viewer}</td>
                  <td>{v.viewerCountry ? unitName(v.viewerCountry) : '—'}</td>
                  <td className="num">{fmt.number(v.records)}</td>
                  <td>{years(v.query)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError !== null && <ErrorMessage error={moreError} />}
      {more && (
        <button type="button" onClick={() => void loadOlder()}>
          {t('sharing.views.older')}
        </button>
      )}
    </section>
  );
}
