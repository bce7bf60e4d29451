/**
 * A consistency finding in the reader's language, from its figures (the server's own
 * message is English). The cell it is on is named beside it, so the text does not repeat it.
 */
import type { FindingView } from '@observatory/core';
import type { TFunction } from 'i18next';
import type { Formatters } from '../../../i18n/format.js';

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

export function findingText(f: FindingView, period: string, fmt: Formatters, t: TFunction): string {
  const x = f.figures;
  const signed = (n: number) => (n > 0 ? `+${fmt.number(n)}` : fmt.number(n));
  switch (f.check) {
    case 'yoy_jump': {
      const rel = x['relativeChange'];
      const change = signed(num(x['change'])) + (typeof rel === 'number' ? `, ${fmt.percent(rel)}` : '');
      return t('grid.findings.text.yoy_jump', {
        value: fmt.number(num(x['value'])),
        period,
        previous: fmt.number(num(x['previous'])),
        previousPeriod: String(x['previousPeriod'] ?? ''),
        change,
      });
    }
    case 'history_outlier':
      return t('grid.findings.text.history_outlier', {
        value: fmt.number(num(x['value'])),
        period,
        median: fmt.number(num(x['median'])),
        years: num(x['historyYears']),
        from: String(x['from'] ?? ''),
        to: String(x['to'] ?? ''),
      });
    case 'ids_vs_arq':
      return t(x['measure'] === 'cases' ? 'grid.findings.text.ids_cases' : 'grid.findings.text.ids_kg', {
        arq: fmt.number(num(x['arq'])),
        ids: fmt.number(num(x['ids'])),
        records: num(x['idsRecordsOfDrug']),
        year: String(x['year'] ?? period),
        difference: signed(num(x['difference'])),
      });
    default:
      return f.message;
  }
}
