/** Field and code names of a record collection in the interface language (English where the definition has no other). */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { allFields, type CodeList, type RecordField } from '@observatory/core';
import type { RecordDefinitionBundle } from '../../api/types.js';
import { useFormat } from '../../i18n/format.js';

/** Reasons a row or a field is refused, as the importer names them (core/src/records/validate.ts, server/src/records/header.ts). */
export const PROBLEM_CODES = new Set([
  'required',
  'invalid_date',
  'future_date',
  'date_too_early',
  'invalid_number',
  'not_integer',
  'below_minimum',
  'above_maximum',
  'invalid_boolean',
  'unknown_code',
  'unknown_country',
  'invalid_text',
  'too_long',
  'nominal_data',
  'not_allowed',
  'at_least_one',
  'formula_or_error',
  'unknown_field',
  'duplicate_field',
  'nominal_column',
  'missing_column',
]);

export interface RecordLabels {
  fields: RecordField[];
  field(id: string): RecordField | undefined;
  /** The field's name; what the server named (e.g. "column 3") when it is not a field. */
  fieldLabel(id: string): string;
  codeList(id: string | undefined): CodeList | undefined;
  codeName(list: string | undefined, code: string): string;
  /** A refusal's reason in words (the code itself when it is not one we know). */
  problem(code: string): string;
}

export function useRecordLabels(bundle: RecordDefinitionBundle): RecordLabels {
  const { t } = useTranslation();
  const fmt = useFormat();
  return useMemo(() => {
    const fields = allFields(bundle.definition);
    const byId = new Map(fields.map((f) => [f.id, f]));
    const lists = new Map(bundle.codeLists.map((l) => [l.id, l]));
    return {
      fields,
      field: (id) => byId.get(id),
      fieldLabel: (id) => {
        const column = /^column (\d+)$/.exec(id);
        if (column) return t('records.report.columnNumber', { number: Number(column[1]) });
        return fmt.name(byId.get(id)?.label, id);
      },
      codeList: (id) => (id ? lists.get(id) : undefined),
      codeName: (list, code) => fmt.name(list ? lists.get(list)?.codes.find((c) => c.code === code)?.names : undefined, code),
      problem: (code) => (PROBLEM_CODES.has(code) ? t(`records.problem.${code}`) : code),
    };
  }, [bundle, fmt, t]);
}
