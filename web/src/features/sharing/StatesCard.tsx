/**
 * For the office: every state's choices for the collection, and for administrators who
 * viewed a chosen state's records.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SharingOverview } from '@observatory/core';
import { useFormat } from '../../i18n/format.js';
import { SelectField } from '../../ui/SelectField.js';
import { useUnitName } from '../../ui/units.js';
import type { Labels } from './model.js';
import { ViewsCard } from './ViewsCard.js';

export function StatesCard({
  overview,
  labels,
  collection,
  showViews,
}: {
  overview: SharingOverview;
  labels: Labels;
  collection: string;
  showViews: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const headingId = useId();
  const sep = t('common.separator');
  const states = [...overview.states].sort((a, b) => unitName(a.country).localeCompare(unitName(b.country), fmt.lang));
  const [viewsOf, setViewsOf] = useState('');

  return (
    <>
      <section className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('sharing.states.title')}</h2>
        {states.length === 0 ? (
          <p className="muted">{t('sharing.states.none')}</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('sharing.states.title')}>
            <table className="data sharing-table">
              <caption className="visually-hidden">{t('sharing.states.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sharing.states.country')}</th>
                  <th scope="col">{t('sharing.choices.participatesShort')}</th>
                  <th scope="col">{t('sharing.choices.audience')}</th>
                  <th scope="col">{t('sharing.choices.withheld')}</th>
                  <th scope="col">{t('sharing.choices.releaseShort')}</th>
                  <th scope="col">{t('sharing.states.changed')}</th>
                </tr>
              </thead>
              <tbody>
                {states.map((s) => (
                  <tr key={s.country}>
                    <th scope="row">{unitName(s.country)}</th>
                    <td>{s.participates ? t('common.yes') : t('common.no')}</td>
                    <td>
                      {t(`sharing.audience.${s.audience}`)}
                      {s.audience === 'partners' && s.partners.length > 0 && (
                        <div className="hint">{s.partners.map(unitName).join(sep)}</div>
                      )}
                    </td>
                    <td>{s.withheldFields.map(labels.fieldLabel).join(sep) || '—'}</td>
                    <td>{s.releaseRestricted ? t('common.yes') : t('common.no')}</td>
                    <td>
                      {s.updatedAt ? fmt.dateTime(s.updatedAt) : '—'}
                      {s.updatedBy && (
                        <div className="hint" dir="auto">
                          {s.updatedBy}
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {showViews && states.length > 0 && (
          <SelectField
            className="inline-select views-select"
            label={t('sharing.states.viewsOf')}
            value={viewsOf}
            onChange={(e) => setViewsOf(e.target.value)}
          >
            <option value="">{t('sharing.states.pick')}</option>
            {states.map((s) => (
              <option key={s.country} value={s.country}>
                {unitName(s.country)}
              </option>
            ))}
          </SelectField>
        )}
      </section>
      {showViews && viewsOf && <ViewsCard key={`${viewsOf}/${collection}`} country={viewsOf} collection={collection} />}
    </>
  );
}
