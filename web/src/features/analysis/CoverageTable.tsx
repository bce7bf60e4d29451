/** Coverage beside every regional figure: how many of the area's units reported, and what share of its people they hold. */
import { useTranslation } from 'react-i18next';
import type { Coverage } from '@observatory/core';
import { useFormat } from '../../i18n/format.js';

export function CoverageTable({ coverage }: { coverage: readonly Coverage[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const share = new Intl.NumberFormat(fmt.lang, { style: 'percent', maximumFractionDigits: 0 });
  if (coverage.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>{t('analysis.coverage')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analysis.period')}</th>
            <th scope="col" className="num">
              {t('analysis.reporting')}
            </th>
            <th scope="col" className="num">
              {t('analysis.populationShare')}
            </th>
          </tr>
        </thead>
        <tbody>
          {coverage.map((c) => (
            <tr key={c.period}>
              <th scope="row">{c.period}</th>
              <td className="num">{t('analysis.reportingOf', { reporting: c.reporting, expected: c.expected })}</td>
              <td className="num">{c.populationShare === null ? '—' : share.format(c.populationShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
