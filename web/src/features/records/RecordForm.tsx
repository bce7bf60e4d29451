/**
 * One record, entered in a form built from the collection's definition: dates, code lists
 * as selects, countries from the reference list, numbers, yes/no, text. The server checks
 * it exactly as it checks a file's row; its refusals are shown beside the fields they name,
 * and a summary lists them. A stored record is confirmed with its id, and flagged when it
 * looks like one already stored.
 */
import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EVALUATION_FIELDS, type Code, type RecordField } from '@observatory/core';
import type { RecordDefinitionBundle } from '../../api/types.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { useUnits } from '../../ui/units.js';
import { batchesApi, type EnteredRecord } from './api.js';
import { useRecordLabels, type RecordLabels } from './labels.js';
import { decimalMarkOf, recordBody, recordErrors, type FieldError, type FormValue } from './model.js';
import { RemovableChips } from '../../ui/RemovableChips.js';

const EVALUATION = new Set(EVALUATION_FIELDS.map((f) => f.id));
const LONG_TEXT = 300;

interface Props {
  country: string;
  collection: string;
  bundle: RecordDefinitionBundle;
}

export function RecordForm({ country, collection, bundle }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useRecordLabels(bundle);
  const headingId = useId();
  const formId = useId();
  const summary = useRef<HTMLDivElement>(null);
  const done = useRef<HTMLDivElement>(null);
  const [values, setValues] = useState<Record<string, FormValue>>({});
  const [problems, setProblems] = useState<FieldError[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [entered, setEntered] = useState<EnteredRecord | null>(null);
  const countries = useCountryOptions();

  const main = labels.fields.filter((f) => !EVALUATION.has(f.id));
  const evaluation = labels.fields.filter((f) => EVALUATION.has(f.id));
  const fieldId = (id: string) => `${formId}-${id}`;
  const errorsOf = (id: string) => problems?.filter((p) => p.field === id) ?? [];
  const unplaced = problems?.filter((p) => !labels.field(p.field)) ?? [];

  const set = (id: string, v: FormValue) => {
    setValues((old) => ({ ...old, [id]: v }));
    setEntered(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setProblems(null);
    setEntered(null);
    try {
      const record = await batchesApi.enter(country, collection, recordBody(labels.fields, values, decimalMarkOf(fmt.lang)));
      setEntered(record);
      setValues({});
      announce(t('records.entry.stored', { id: String(record.id) }));
      requestAnimationFrame(() => done.current?.focus());
    } catch (err) {
      const byField = recordErrors(err);
      if (byField) setProblems(byField);
      else setError(err);
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const focusField = (id: string) => {
    const el = document.getElementById(fieldId(id)) as HTMLElement | null;
    (el?.matches('input, select, textarea') ? el : el?.querySelector<HTMLElement>('input, select, textarea'))?.focus();
  };

  const render = (f: RecordField) => (
    <FieldInput
      key={f.id}
      field={f}
      id={fieldId(f.id)}
      value={values[f.id]}
      errors={errorsOf(f.id)}
      labels={labels}
      countries={countries}
      onChange={(v) => set(f.id, v)}
    />
  );

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('records.entry.title')}</h2>
      <p className="hint">{t('records.entry.hint')}</p>

      {entered && (
        <div ref={done} tabIndex={-1} className="alert alert-success rec-entered" role="status">
          <p className="alert-summary">{t('records.entry.stored', { id: String(entered.id) })}</p>
          {entered.possibleDuplicate ? (
            <p className="rec-duplicate">{t('records.entry.duplicate')}</p>
          ) : (
            <p>{t('records.entry.notDuplicate')}</p>
          )}
        </div>
      )}

      {problems ? (
        <div ref={summary} tabIndex={-1} role="alert" className="alert alert-error">
          <p className="alert-summary">{t('records.entry.refused', { count: problems.length })}</p>
          <ul className="rec-error-list">
            {problems.map((p, i) => (
              <li key={i}>
                {labels.field(p.field) ? (
                  <button type="button" className="button-link" onClick={() => focusField(p.field)}>
                    {labels.fieldLabel(p.field)}
                  </button>
                ) : (
                  <span>{p.field || t('records.entry.general')}</span>
                )}
                {`: ${labels.problem(p.code)}`}
                {unplaced.includes(p) && (
                  <span className="rec-server-message">
                    <bdi dir="ltr" lang="en">
                      {p.message}
                    </bdi>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        error !== null && (
          <div ref={summary} tabIndex={-1}>
            <ErrorMessage error={error} />
          </div>
        )
      )}

      <form className="form rec-form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="hint">{t('records.entry.requiredNote')}</p>
        <div className="rec-form-grid">{main.map(render)}</div>
        <fieldset className="rec-evaluation">
          <legend>{t('records.entry.evaluation')}</legend>
          <div className="rec-form-grid">{evaluation.map(render)}</div>
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t('records.entry.saving') : t('records.entry.save')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setValues({});
              setProblems(null);
              setEntered(null);
            }}
          >
            {t('records.entry.clear')}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * A hierarchical code list (drugs: group › subgroup › drug) as a select offers it: the
 * codes that have children head groups of the codes under them; only the others are
 * chosen. A flat list is one group without a heading.
 */
export function codeGroups(codes: readonly Code[]): Array<{ parents: string[]; codes: string[] }> {
  const byCode = new Map(codes.map((c) => [c.code, c]));
  const heads = new Set(codes.flatMap((c) => (c.parent ? [c.parent] : [])));
  const groups: Array<{ parents: string[]; codes: string[] }> = [];
  for (const c of codes) {
    if (heads.has(c.code)) continue;
    const parents: string[] = [];
    for (let p = c.parent ?? null; p && parents.length < 10; p = byCode.get(p)?.parent ?? null) parents.unshift(p);
    const key = parents.join('/');
    const last = groups.at(-1);
    if (last && last.parents.join('/') === key) last.codes.push(c.code);
    else groups.push({ parents, codes: [c.code] });
  }
  return groups;
}

interface CountryOption {
  code: string;
  name: string;
}

/** States (reporting units of kind country, still valid), by name in the interface language. */
function useCountryOptions(): CountryOption[] {
  const units = useUnits();
  const fmt = useFormat();
  return useMemo(() => {
    const today = new Date().toISOString().slice(0, 10);
    return [...(units?.values() ?? [])]
      .filter((u) => u.kind === 'country' && (!u.validTo || u.validTo >= today))
      .map((u) => ({ code: u.code, name: fmt.name(u.names, u.code) }))
      .sort((a, b) => a.name.localeCompare(b.name, fmt.lang));
  }, [units, fmt]);
}

function FieldInput({
  field: f,
  id,
  value,
  errors,
  labels,
  countries,
  onChange,
}: {
  field: RecordField;
  id: string;
  value: FormValue | undefined;
  errors: FieldError[];
  labels: RecordLabels;
  countries: CountryOption[];
  onChange: (v: FormValue) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = labels.fieldLabel(f.id);
  const help = f.help ? fmt.name(f.help, '') : '';
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [help ? hintId : '', errors.length ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value : [];
  const common = {
    id,
    name: f.id,
    'aria-invalid': errors.length ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': f.required || undefined,
  } as const;
  const labelText = (
    <>
      {label}
      {f.required && <span className="rec-required">{` ${t('records.entry.required')}`}</span>}
    </>
  );
  const extras = (
    <>
      {help && (
        <p className="hint" id={hintId}>
          <bdi>{help}</bdi>
        </p>
      )}
      {errors.length > 0 && (
        <ul className="rec-field-error" id={errorId}>
          {errors.map((e, i) => (
            <li key={i}>
              {labels.problem(e.code)}
              <span className="rec-server-message">
                <bdi dir="ltr" lang="en">
                  {e.message}
                </bdi>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
  const wrap = (control: ReactNode, wide = false) => (
    <div className={`field rec-field${wide ? ' rec-field-wide' : ''}${errors.length ? ' rec-field-invalid' : ''}`}>
      <label htmlFor={id}>{labelText}</label>
      {control}
      {extras}
    </div>
  );

  switch (f.type) {
    case 'date':
      return wrap(
        <input
          {...common}
          type="date"
          value={text}
          max={new Date().toISOString().slice(0, 10)}
          onChange={(e) => onChange(e.target.value)}
        />,
      );
    case 'code': {
      const option = (code: string) => (
        <option key={code} value={code}>
          {labels.codeName(f.codeList, code)}
        </option>
      );
      return wrap(
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('records.entry.none')}</option>
          {codeGroups(labels.codeList(f.codeList)?.codes ?? []).map((g) =>
            g.parents.length ? (
              <optgroup key={g.parents.join('/')} label={g.parents.map((p) => labels.codeName(f.codeList, p)).join(' › ')}>
                {g.codes.map(option)}
              </optgroup>
            ) : (
              g.codes.map(option)
            ),
          )}
        </select>,
      );
    }
    case 'country':
      return wrap(
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('records.entry.none')}</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>,
      );
    case 'countries':
      return (
        <CountriesInput
          id={id}
          label={labelText}
          value={list}
          countries={countries}
          describedBy={describedBy}
          invalid={errors.length > 0}
          onChange={onChange}
          extras={extras}
        />
      );
    case 'codes': {
      const codes = labels.codeList(f.codeList)?.codes ?? [];
      return (
        <fieldset
          id={id}
          className={`rec-field rec-field-wide rec-codes${errors.length ? ' rec-field-invalid' : ''}`}
          aria-describedby={describedBy}
        >
          <legend>{labelText}</legend>
          <div className="rec-code-options">
            {codes.map((c) => (
              <label key={c.code} className="checkbox">
                <input
                  type="checkbox"
                  name={f.id}
                  value={c.code}
                  checked={list.includes(c.code)}
                  onChange={(e) => onChange(e.target.checked ? [...list, c.code] : list.filter((x) => x !== c.code))}
                />
                {labels.codeName(f.codeList, c.code)}
              </label>
            ))}
          </div>
          {extras}
        </fieldset>
      );
    }
    case 'boolean':
      return wrap(
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('records.entry.none')}</option>
          <option value="true">{t('common.yes')}</option>
          <option value="false">{t('common.no')}</option>
        </select>,
      );
    case 'integer':
      if (f.min !== undefined && f.max !== undefined && f.max - f.min <= 10)
        return wrap(
          <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
            <option value="">{t('records.entry.none')}</option>
            {Array.from({ length: f.max - f.min + 1 }, (_, i) => String(f.min! + i)).map((n) => (
              <option key={n} value={n}>
                {fmt.number(Number(n))}
              </option>
            ))}
          </select>,
        );
      return wrap(
        <input
          {...common}
          type="text"
          inputMode="numeric"
          className="rec-number"
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />,
      );
    case 'number':
      return wrap(
        <input
          {...common}
          type="text"
          inputMode="decimal"
          className="rec-number"
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />,
      );
    case 'text':
      return (f.maxLength ?? 0) > LONG_TEXT
        ? wrap(
            <textarea {...common} rows={3} maxLength={f.maxLength} dir="auto" value={text} onChange={(e) => onChange(e.target.value)} />,
            true,
          )
        : wrap(
            <input {...common} type="text" maxLength={f.maxLength} dir="auto" value={text} onChange={(e) => onChange(e.target.value)} />,
          );
  }
}

/** Several countries: the chosen ones as removable chips, and a select to add one. */
function CountriesInput({
  id,
  label,
  value,
  countries,
  describedBy,
  invalid,
  onChange,
  extras,
}: {
  id: string;
  label: ReactNode;
  value: string[];
  countries: CountryOption[];
  describedBy: string | undefined;
  invalid: boolean;
  onChange: (v: string[]) => void;
  extras: ReactNode;
}) {
  const { t } = useTranslation();
  const nameOf = (code: string) => countries.find((c) => c.code === code)?.name ?? code;
  return (
    <div className={`field rec-field${invalid ? ' rec-field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {value.length > 0 && (
        <RemovableChips
          chips={value.map((code) => ({ key: code, label: nameOf(code), removeLabel: t('records.entry.remove', { name: nameOf(code) }) }))}
          onRemove={(code) => onChange(value.filter((c) => c !== code))}
        />
      )}
      <select
        id={id}
        value=""
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => e.target.value && onChange([...value, e.target.value])}
      >
        <option value="">{value.length ? t('records.entry.addAnother') : t('records.entry.add')}</option>
        {countries
          .filter((c) => !value.includes(c.code))
          .map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
      </select>
      {extras}
    </div>
  );
}
