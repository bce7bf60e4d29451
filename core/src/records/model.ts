/**
 * Record collections (case records: a seizure, a smuggling incident, a laboratory
 * identification) as definitions: the fields a row has, how files may name them, which
 * code lists they draw on. The same definition drives the single-record form, the
 * streaming import and the stored table's columns.
 */
import type { Names } from '../api/common.js';

export const FIELD_TYPES = ['date', 'code', 'codes', 'country', 'countries', 'number', 'integer', 'text', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface RecordField {
  /** Also the column name in the collection's table. */
  id: string;
  label: Names;
  help?: Names;
  type: FieldType;
  required?: boolean;
  /** For code and codes fields. */
  codeList?: string;
  min?: number;
  max?: number;
  maxLength?: number;
  /** Header names files use for this field (any language), compared without case, accents, spaces or punctuation. */
  synonyms: string[];
  /** Free text that must stay non-nominal: refused when it holds an e-mail address, a phone number or an identity number. */
  nonNominal?: boolean;
}

export interface RecordDefinition {
  id: string;
  version: number;
  collection: string;
  kind: 'records';
  title: Names;
  /** The stored table; its primary key starts with the reporting country. */
  table: string;
  /** The field whose date decides the period (year) a record belongs to. */
  dateField: string;
  fields: RecordField[];
  /** Strictly non-nominal collections refuse files with columns that look like personal identifiers. */
  nonNominal?: boolean;
  /** Fields that together say two records are probably the same event (duplicate flag). */
  fingerprint: string[];
  rules?: RecordRule[];
}

/** Handling codes and evaluation, as law-enforcement exchanges use them (4x4 style). */
export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
export type HandlingCode = (typeof HANDLING_CODES)[number];
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'X'] as const;
export const INFORMATION_ACCURACY = [1, 2, 3, 4] as const;

/** Columns every record carries besides its definition's fields. */
export const EVALUATION_FIELDS: RecordField[] = [
  {
    id: 'handling',
    label: {
      en: 'Handling code',
      fr: 'Code de traitement',
      es: 'Código de tratamiento',
      ru: 'Код обработки',
      ar: 'رمز المعالجة',
      zh: '处理代码',
    },
    help: {
      en: 'H0 no restriction; H1 law enforcement only; H2 no onward dissemination without the provider’s permission; H3 other restrictions.',
      fr: 'H0 aucune restriction ; H1 services de détection et de répression uniquement ; H2 aucune diffusion ultérieure sans l’autorisation du fournisseur ; H3 autres restrictions.',
      es: 'H0 sin restricciones; H1 solo para los organismos encargados de hacer cumplir la ley; H2 ninguna difusión ulterior sin el permiso del proveedor; H3 otras restricciones.',
      ru: 'H0 — без ограничений; H1 — только для правоохранительных органов; H2 — без дальнейшего распространения без разрешения поставщика; H3 — иные ограничения.',
      ar: 'H0 بدون قيود؛ H1 لاستخدام أجهزة إنفاذ القانون فقط؛ H2 لا يجوز نشرها دون إذن المصدر؛ H3 قيود أخرى.',
      zh: 'H0 无限制；H1 仅限执法使用；H2 未经提供方许可不得转发；H3 其他限制。',
    },
    type: 'code',
    codeList: 'handling_code',
    synonyms: ['handling', 'handling code', 'handling codes', 'code de traitement', 'codigo de tratamiento'],
  },
  {
    id: 'reliability',
    label: {
      en: 'Source reliability',
      fr: 'Fiabilité de la source',
      es: 'Fiabilidad de la fuente',
      ru: 'Надежность источника',
      ar: 'موثوقية المصدر',
      zh: '来源可靠性',
    },
    type: 'code',
    codeList: 'source_reliability',
    synonyms: ['reliability', 'source reliability', 'source evaluation', 'fiabilite', 'fiabilidad'],
  },
  {
    id: 'accuracy',
    label: {
      en: 'Information accuracy',
      fr: 'Exactitude de l’information',
      es: 'Exactitud de la información',
      ru: 'Достоверность информации',
      ar: 'دقة المعلومات',
      zh: '信息准确性',
    },
    type: 'integer',
    min: 1,
    max: 4,
    synonyms: ['accuracy', 'information accuracy', 'information evaluation', 'exactitude', 'exactitud'],
  },
];

/** Checks across fields of one record. */
export type RecordRule =
  /** When `if` holds a value, every `then` field must too. */
  | { kind: 'requires'; if: string; then: string[] }
  /** `field` may hold a value only when `when.field` is one of `when.in`. */
  | { kind: 'only_when'; field: string; when: { field: string; in: string[] } }
  /** At least one of these fields must hold a value (a number above zero for numbers). */
  | { kind: 'at_least_one'; fields: string[]; label: string };
