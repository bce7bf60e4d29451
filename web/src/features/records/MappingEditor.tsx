/**
 * The column mapping of a file: each column's header and the field it fills, as the server
 * matched it (by synonym, a saved mapping, or the user's choice), editable. The file is
 * checked again with the edited mapping (and, if asked, another decimal mark or date
 * order); the mapping can be saved under a name for the country's next files.
 *
 * When the server could not map the file at all (no header it knows, a required field
 * without a column), its report has no columns: they are read from the local file, when
 * this visit chose it.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fold, type BatchOptionsBody, type BatchView } from '@observatory/core';
import type { RecordDefinitionBundle } from '../../api/types.js';
import { announce } from '../../ui/announce.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { batchesApi } from './api.js';
import type { RecordLabels } from './labels.js';
import { doubledFields, localHeader, mappingOf, unmappedRequired, type BatchReport, type MappedColumn } from './model.js';
import { DateOrderSelect, DecimalSelect } from './UploadView.js';

interface Props {
  batch: BatchView;
  report: BatchReport;
  bundle: RecordDefinitionBundle;
  labels: RecordLabels;
  country: string;
  collection: string;
  localFile: File | null;
  onRecheck: (body: BatchOptionsBody) => Promise<unknown>;
  onSaved: () => void;
}

/** Columns of the local file, matched to fields by their names and synonyms as the server does. */
function useLocalColumns(file: File | null, wanted: boolean, labels: RecordLabels): MappedColumn[] | null {
  const [columns, setColumns] = useState<MappedColumn[] | null>(null);
  useEffect(() => {
    if (!wanted || !file) return;
    let live = true;
    const index = new Map<string, string>();
    for (const f of labels.fields) {
      index.set(fold(f.id), f.id);
      for (const name of Object.values(f.label)) if (name) index.set(fold(name), f.id);
      for (const s of f.synonyms) index.set(fold(s), f.id);
    }
    localHeader(file).then(
      (h) => {
        if (!live || !h) return;
        const used = new Set<string>();
        setColumns(
          h.headers.map((header, i) => {
            const field = index.get(fold(header)) ?? null;
            const free = field && !used.has(field) ? field : null;
            if (free) used.add(free);
            return { index: i, header, field: free, how: free ? 'synonym' : 'unknown' };
          }),
        );
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [file, wanted, labels]);
  return columns;
}

export function MappingEditor(props: Props) {
  const { t } = useTranslation();
  const { batch, report, labels } = props;
  const ids = { heading: useId(), hint: useId(), name: useId() };
  const fromServer = report.columns ?? null;
  const local = useLocalColumns(props.localFile, !fromServer, labels);
  const columns = useMemo(() => fromServer ?? local ?? [], [fromServer, local]);
  const [draft, setDraft] = useState<Record<number, string | null>>({});
  const [decimal, setDecimal] = useState<'.' | ',' | undefined>(undefined);
  const [dateOrder, setDateOrder] = useState<'dmy' | 'mdy' | 'ymd' | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);

  const fieldOf = (c: MappedColumn) => (c.index in draft ? (draft[c.index] ?? null) : c.field);
  const chosen = columns.map(fieldOf);
  const changed = columns.some((c) => fieldOf(c) !== c.field) || decimal !== undefined || dateOrder !== undefined;
  const missing = unmappedRequired(props.bundle.definition, chosen);
  const doubled = doubledFields(chosen);
  const failed = batch.state === 'failed';
  const mapping = mappingOf(columns.map((c) => ({ ...c, field: fieldOf(c) })));

  async function recheck() {
    setBusy(true);
    setError(null);
    try {
      await props.onRecheck({
        columns: mapping,
        ...(decimal ? { decimal } : {}),
        ...(dateOrder ? { dateOrder } : {}),
      });
      announce(t('records.mapping.rechecking'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    try {
      await batchesApi.saveMapping(props.country, props.collection, trimmed, mapping);
      setSaved(trimmed);
      announce(t('records.mapping.saved', { name: trimmed }));
      props.onSaved();
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  const matched = chosen.filter(Boolean).length;

  return (
    <details className="rec-mapping" open={failed || missing.length > 0 || undefined}>
      <summary>
        <span className="rec-mapping-title" id={ids.heading}>
          {t('records.mapping.title')}
        </span>{' '}
        <span className="muted">{columns.length > 0 && t('records.mapping.summary', { columns: columns.length, matched })}</span>
      </summary>
      {columns.length === 0 ? (
        <p className="alert alert-info">{failed ? t('records.mapping.chooseAgain') : t('records.mapping.none')}</p>
      ) : (
        <>
          <p className="hint" id={ids.hint}>
            {!fromServer ? t('records.mapping.fromLocal') : t('records.mapping.hint')}
          </p>
          <div className="table-wrap">
            <table className="data rec-mapping-table" aria-labelledby={ids.heading} aria-describedby={ids.hint}>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('records.mapping.number')}
                  </th>
                  <th scope="col">{t('records.mapping.header')}</th>
                  <th scope="col">{t('records.mapping.field')}</th>
                  <th scope="col">{t('records.mapping.howColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {columns.map((c) => {
                  const field = fieldOf(c);
                  const edited = field !== c.field;
                  return (
                    <tr key={c.index} className={edited ? 'rec-edited' : undefined}>
                      <td className="num">{c.index + 1}</td>
                      <th scope="row">
                        {c.header ? <bdi>{c.header}</bdi> : <span className="muted">{t('records.mapping.noHeader')}</span>}
                      </th>
                      <td>
                        <select
                          aria-label={t('records.mapping.fieldFor', { header: c.header || String(c.index + 1) })}
                          value={field ?? ''}
                          disabled={!c.header}
                          aria-invalid={field && doubled.has(field) ? true : undefined}
                          onChange={(e) => setDraft((d) => ({ ...d, [c.index]: e.target.value || null }))}
                        >
                          <option value="">{t('records.mapping.ignore')}</option>
                          {labels.fields.map((f) => (
                            <option key={f.id} value={f.id}>
                              {f.required
                                ? t('records.mapping.requiredField', { field: labels.fieldLabel(f.id) })
                                : labels.fieldLabel(f.id)}
                            </option>
                          ))}
                        </select>
                        {field && doubled.has(field) && <p className="rec-field-error">{t('records.mapping.doubled')}</p>}
                      </td>
                      <td>{edited ? t('records.mapping.how.edited') : t(`records.mapping.how.${c.how}`)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {missing.length > 0 && (
            <div className="alert alert-warning">
              <p>{t('records.mapping.missing', { fields: missing.map((f) => labels.fieldLabel(f.id)).join(t('common.separator')) })}</p>
            </div>
          )}
          <div className="form-row rec-recheck-row">
            <DecimalSelect value={decimal} onChange={setDecimal} detected={report.decimal} />
            <DateOrderSelect value={dateOrder} onChange={setDateOrder} detected={report.dateOrder} />
          </div>
          {error !== null && <ErrorMessage error={error} />}
          <div className="button-row">
            <button
              type="button"
              className="button-primary"
              disabled={busy || doubled.size > 0 || (!changed && !failed)}
              onClick={() => void recheck()}
            >
              {t('records.mapping.recheck')}
            </button>
            {changed && <span className="unsaved-note">{t('records.mapping.changed')}</span>}
          </div>
          <form className="rec-save-mapping" onSubmit={(e) => void save(e)}>
            <div className="field">
              <label htmlFor={ids.name}>{t('records.mapping.saveAs')}</label>
              <input
                id={ids.name}
                value={name}
                maxLength={100}
                onChange={(e) => {
                  setName(e.target.value);
                  setSaved(null);
                }}
              />
            </div>
            <button type="submit" disabled={saving || !name.trim()}>
              {t('records.mapping.save')}
            </button>
          </form>
          <p className="hint">{t('records.mapping.saveHint')}</p>
          {saved && (
            <p className="alert alert-success" role="status">
              {t('records.mapping.saved', { name: saved })}
            </p>
          )}
          {saveError !== null && <ErrorMessage error={saveError} />}
        </>
      )}
    </details>
  );
}
