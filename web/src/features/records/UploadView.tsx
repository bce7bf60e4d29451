/**
 * The upload view: choose or drop a file (and, if needed, how to read it), send it with a
 * progress bar; then the batch (its check, its report, the decision) and the recent
 * uploads. The batch shown is in the URL (?batch=…), so a reload or a shared link reopens it.
 */
import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import type { RecordDefinitionBundle } from '../../api/types.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { SelectField } from '../../ui/SelectField.js';
import { useLoad } from '../../ui/useLoad.js';
import { batchesApi, type UploadOptions } from './api.js';
import { BatchList } from './BatchList.js';
import { BatchPanel } from './BatchPanel.js';
import { useRecordLabels } from './labels.js';
import { ProgressBar } from './ProgressBar.js';

const READABLE = /\.(csv|txt|tsv|xlsx)$/i;
const ACCEPT =
  '.csv,.txt,.tsv,.xlsx,text/csv,text/plain,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Props {
  country: string;
  collection: string;
  bundle: RecordDefinitionBundle;
}

export function UploadView({ country, collection, bundle }: Props) {
  const labels = useRecordLabels(bundle);
  const [params, setParams] = useSearchParams();
  const batchId = params.get('batch');
  const batches = useLoad((signal) => batchesApi.list(country, collection, signal), [country, collection]);
  const mappings = useLoad((signal) => batchesApi.mappings(country, collection, signal), [country, collection]);
  // The file chosen in this visit: its header row helps map columns the server did not know.
  const [localFile, setLocalFile] = useState<File | null>(null);

  const openBatch = useCallback(
    (id: string | null) =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('batch', id);
        else next.delete('batch');
        return next;
      }),
    [setParams],
  );

  return (
    <>
      {batchId ? (
        <BatchPanel
          key={batchId}
          batchId={batchId}
          country={country}
          collection={collection}
          bundle={bundle}
          labels={labels}
          localFile={localFile}
          onChanged={batches.reload}
          onMappingSaved={mappings.reload}
          onClose={() => openBatch(null)}
        />
      ) : (
        <FileChooser
          country={country}
          collection={collection}
          savedMappings={mappings.data?.map((m) => m.name) ?? []}
          onUploaded={(id, file) => {
            setLocalFile(file);
            batches.reload();
            openBatch(id);
          }}
        />
      )}
      <BatchList
        batches={batches.data}
        error={batches.error}
        loading={batches.loading}
        current={batchId}
        onOpen={openBatch}
        onChanged={batches.reload}
      />
    </>
  );
}

function FileChooser({
  country,
  collection,
  savedMappings,
  onUploaded,
}: {
  country: string;
  collection: string;
  savedMappings: string[];
  onUploaded: (batchId: string, file: File) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ids = { heading: useId(), hint: useId() };
  const [file, setFile] = useState<File | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const [options, setOptions] = useState<UploadOptions>({});
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const uploading = progress !== undefined;
  const alreadyImported = isApiError(error, 'conflict');

  const choose = (f: File | undefined) => {
    setError(null);
    if (!f) return;
    if (!READABLE.test(f.name)) {
      setFile(null);
      setRefused(t('records.upload.wrongType', { name: f.name }));
      return;
    }
    if (f.size === 0) {
      setFile(null);
      setRefused(t('records.upload.empty', { name: f.name }));
      return;
    }
    setRefused(null);
    setFile(f);
  };

  // A file dropped beside the zone would make the browser leave the page to open it.
  useEffect(() => {
    const keep = (e: globalThis.DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (!uploading) choose(e.dataTransfer.files[0]);
  };

  async function upload(force = false) {
    if (!file) return;
    setError(null);
    setProgress(0);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const batch = await batchesApi.upload(
        country,
        collection,
        file,
        { ...options, ...(force ? { force: true } : {}) },
        (fraction) => setProgress(fraction),
        controller.signal,
      );
      announce(t('records.upload.sent', { name: file.name }));
      onUploaded(batch.id, file);
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
    } finally {
      abort.current = null;
      setProgress(undefined);
    }
  }

  const size = (bytes: number) =>
    bytes < 1024 * 1024
      ? new Intl.NumberFormat(fmt.lang, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(bytes / 1024)
      : new Intl.NumberFormat(fmt.lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / 1024 / 1024);

  return (
    <section className="card" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('records.upload.title')}</h2>
      <div
        className={over ? 'rec-drop rec-drop-over' : 'rec-drop'}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="rec-drop-text">{t('records.upload.drop')}</p>
        <label className="button rec-file-button">
          {t('records.upload.choose')}
          <input
            type="file"
            className="visually-hidden"
            accept={ACCEPT}
            disabled={uploading}
            aria-describedby={ids.hint}
            onChange={(e) => {
              choose(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
        <p className="hint" id={ids.hint}>
          {t('records.upload.formats')}
        </p>
      </div>

      {refused && (
        <div role="alert" className="alert alert-error">
          <p>{refused}</p>
        </div>
      )}

      {file && (
        <p className="rec-chosen">
          <bdi className="rec-file-name">{file.name}</bdi> <span className="muted">{size(file.size)}</span>
        </p>
      )}

      <details className="rec-options">
        <summary>{t('records.upload.options')}</summary>
        <p className="hint">{t('records.upload.optionsHint')}</p>
        <div className="form-row">
          <SelectField
            label={t('records.upload.mapping')}
            value={options.mapping ?? ''}
            onChange={(e) => setOptions((o) => ({ ...o, mapping: e.target.value || undefined }))}
          >
            <option value="">{t('records.upload.mappingAuto')}</option>
            {savedMappings.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </SelectField>
          <DecimalSelect value={options.decimal} onChange={(decimal) => setOptions((o) => ({ ...o, decimal }))} />
          <DateOrderSelect value={options.dateOrder} onChange={(dateOrder) => setOptions((o) => ({ ...o, dateOrder }))} />
        </div>
      </details>

      {uploading && file && <ProgressBar label={t('records.upload.uploading', { name: file.name })} fraction={progress ?? null} />}

      {error !== null && <ErrorMessage error={error} />}

      <div className="button-row">
        {uploading ? (
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('records.upload.stop')}
          </button>
        ) : alreadyImported && file ? (
          <>
            <button type="button" className="button-primary" onClick={() => void upload(true)}>
              {t('records.upload.force')}
            </button>
            <button type="button" onClick={() => setError(null)}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="button-primary" disabled={!file} onClick={() => void upload()}>
            {t('records.upload.send')}
          </button>
        )}
      </div>
    </section>
  );
}

/** The decimal mark: as detected, or given. */
export function DecimalSelect({
  value,
  onChange,
  detected,
}: {
  value: '.' | ',' | undefined;
  onChange: (v: '.' | ',' | undefined) => void;
  detected?: '.' | ',' | undefined;
}) {
  const { t } = useTranslation();
  const name = (mark: '.' | ',') => (mark === '.' ? t('records.decimal.point') : t('records.decimal.comma'));
  return (
    <SelectField
      label={t('records.decimal.label')}
      className="field-narrow"
      value={value ?? ''}
      onChange={(e) => onChange((e.target.value || undefined) as '.' | ',' | undefined)}
    >
      <option value="">{detected ? t('records.detectedAs', { value: name(detected) }) : t('records.detect')}</option>
      <option value=".">{name('.')}</option>
      <option value=",">{name(',')}</option>
    </SelectField>
  );
}

/** The order of day, month and year in the file's dates: as detected, or given. */
export function DateOrderSelect({
  value,
  onChange,
  detected,
}: {
  value: 'dmy' | 'mdy' | 'ymd' | undefined;
  onChange: (v: 'dmy' | 'mdy' | 'ymd' | undefined) => void;
  detected?: 'dmy' | 'mdy' | 'ymd' | undefined;
}) {
  const { t } = useTranslation();
  return (
    <SelectField
      label={t('records.dateOrder.label')}
      className="field-narrow"
      value={value ?? ''}
      onChange={(e) => onChange((e.target.value || undefined) as 'dmy' | 'mdy' | 'ymd' | undefined)}
    >
      <option value="">{detected ? t('records.detectedAs', { value: t(`records.dateOrder.${detected}`) }) : t('records.detect')}</option>
      {(['dmy', 'mdy', 'ymd'] as const).map((o) => (
        <option key={o} value={o}>
          {t(`records.dateOrder.${o}`)}
        </option>
      ))}
    </SelectField>
  );
}
