/**
 * Reciprocity as it applies to this state: the years it contributed records for, and per
 * partner state the years it may see and the fields that state withholds.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { StateSharingStatus } from '@observatory/core';
import { useFormat } from '../../i18n/format.js';
import { useUnitName } from '../../ui/units.js';
import { yearRuns, type Labels } from './model.js';

export function GrantsCard({
  country,
  status,
  reciprocal,
  labels,
}: {
  country: string;
  status: StateSharingStatus;
  reciprocal: boolean;
  labels: Labels;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const headingId = useId();
  const sep = t('common.separator');
  const grants = [...status.grants].sort((a, b) => unitName(a.owner).localeCompare(unitName(b.owner), fmt.lang));

  let empty: string;
  if (!status.settings.participates) empty = t('sharing.grants.notParticipating');
  else if (reciprocal && status.contributedYears.length === 0) empty = t('sharing.grants.noContribution');
  else empty = t('sharing.grants.none');

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sharing.grants.title')}</h2>
      <p>
        {status.contributedYears.length
          ? t('sharing.grants.contributed', { country: unitName(country), years: yearRuns(status.contributedYears, sep) })
          : t('sharing.grants.contributedNone', { country: unitName(country) })}
      </p>
      {grants.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="data sharing-table">
            <caption className="table-caption">{t('sharing.grants.caption', { country: unitName(country) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sharing.grants.owner')}</th>
                <th scope="col">{t('sharing.grants.years')}</th>
                <th scope="col">{t('sharing.grants.withheld')}</th>
              </tr>
            </thead>
            <tbody>
              {grants.map((g) => (
                <tr key={g.owner}>
                  <th scope="row">{unitName(g.owner)}</th>
                  <td>{g.years === null ? t('sharing.grants.allYears') : yearRuns(g.years, sep)}</td>
                  <td>{g.withheldFields.map(labels.fieldLabel).join(sep) || t('sharing.choices.nothingWithheld')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
