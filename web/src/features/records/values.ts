/**
 * A stored record's value as people read it: dates and numbers in the interface language's
 * format, codes and countries by name, lists joined. For tables of records (shared records,
 * possible duplicates).
 */
import { useTranslation } from 'react-i18next';
import type { RecordField } from '@observatory/core';
import { useFormat } from '../../i18n/format.js';
import { useUnitName } from '../../ui/units.js';

export const hasValue = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

export function useRecordValue(labels: {
  field(id: string): RecordField | undefined;
  codeName(codeList: string | undefined, code: string): string;
}): (id: string, value: unknown) => string {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const sep = t('common.separator');
  return (id, value) => {
    if (!hasValue(value)) return '';
    const field = labels.field(id);
    const list = Array.isArray(value)
      ? value.map(String)
      : typeof value === 'string' && field?.type.endsWith('s')
        ? value.split(';')
        : null;
    switch (field?.type) {
      case 'date':
        return fmt.date(String(value));
      case 'country':
        return unitName(String(value));
      case 'countries':
        return (list ?? [String(value)]).map(unitName).join(sep);
      case 'code':
        return labels.codeName(field.codeList, String(value));
      case 'codes':
        return (list ?? [String(value)]).map((c) => labels.codeName(field.codeList, c)).join(sep);
      case 'boolean':
        return value === true || value === 'true' ? t('common.yes') : t('common.no');
      case 'number':
      case 'integer':
        return typeof value === 'number' ? fmt.number(value) : String(value);
      default:
        if (typeof value === 'number') return fmt.number(value);
        return String(value);
    }
  };
}
