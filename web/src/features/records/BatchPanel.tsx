/**
 * One uploaded file: while it is checked, a progress bar fed by the server's events; then
 * its report (detected layout, counts, top problems, the rejected rows to download), the
 * column mapping (editable: check again, save for next time), and the decision: store the
 * records (only the valid rows, after an explicit confirmation, when some were rejected)
 * or discard the upload.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchOptionsBody, BatchView } from '@observatory/core';
import type { RecordDefinitionBundle } from '../../api/types.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { batchesApi, followBatch } from './api.js';
import { BatchState } from './BatchList.js';
import type { RecordLabels } from './labels.js';
import { MappingEditor } from './MappingEditor.js';
import { reportOf, type BatchReport, type CheckProgress } from './model.js';
import { ProgressBar } from './ProgressBar.js';

interface Props {
  batchId: string;
  country: string;
  collection: string;
  bundle: RecordDefinitionBundle;
  labels: RecordLabels;
  localFile: File | null;
  onChanged: () => void;
  onMappingSaved: () => void;
  onClose: () => void;
}

export function BatchPanel(props: Props) {
  const { t } = useTranslation();
  const { batchId, onChanged } = props;
  const headingId = useId();
  const [batch, setBatch] = useState<BatchView | null>(null);
  const [progress, setProgress] = useState<CheckProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Bumped to follow the check again (after a recheck).
  const [generation, setGeneration] = useState(0);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    const controller = new AbortController();
    batchesApi.get(batchId, controller.signal).then(
      (b) => {
        if (!live) return;
        setBatch(b);
        if (b.state !== 'validating') return;
        setProgress(null);
        stop = followBatch(batchId, {
          onProgress: (p) => live && setProgress(p),
          onBatch: (done) => {
            if (!live) return;
            setBatch(done);
            setProgress(null);
            announce(done.state === 'ready' ? t('records.check.done') : t('records.check.failed'));
            onChangedRef.current();
          },
          onError: (err) => live && setError(err),
        });
      },
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
      controller.abort();
      stop?.();
    };
    // `t` changes with the language; following the check again for that is not needed.
  }, [batchId, generation]);

  const updated = (b: BatchView) => {
    setBatch(b);
    onChanged();
    if (b.state === 'validating') setGeneration((g) => g + 1);
  };

  return (
    <section className="card rec-batch" aria-labelledby={headingId}>
      <div className="section-heading">
        <h2 id={headingId}>
          {batch ? t('records.batch.title', { number: String(batch.number) }) : t('records.batch.titleLoading')}
          {batch && (
            <>
              {' '}
              <BatchState state={batch.state} />
            </>
          )}
        </h2>
        <button type="button" className="button-link" onClick={props.onClose}>
          {t('records.batch.close')}
        </button>
      </div>
      {batch?.fileName && (
        <p className="rec-file-name">
          <bdi>{batch.fileName}</bdi>
        </p>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {!batch ? (
        error === null && <Loading />
      ) : batch.state === 'validating' ? (
        <Checking batch={batch} progress={progress} onCancelled={updated} />
      ) : (
        <Report {...props} batch={batch} onUpdated={updated} />
      )}
    </section>
  );
}

function Checking({
  batch,
  progress,
  onCancelled,
}: {
  batch: BatchView;
  progress: CheckProgress | null;
  onCancelled: (b: BatchView) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const detail = progress
    ? t('records.check.counts', { read: progress.rowsRead, accepted: progress.rowsAccepted, rejected: progress.rowsRejected })
    : t('records.check.starting');
  return (
    <>
      <ProgressBar label={t('records.check.label', { name: batch.fileName ?? '' })} fraction={progress?.fraction ?? null} detail={detail} />
      {error !== null && <ErrorMessage error={error} />}
      <div className="button-row">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            batchesApi
              .cancel(batch.id)
              .then(onCancelled, setError)
              .finally(() => setBusy(false));
          }}
        >
          {t('records.check.stop')}
        </button>
      </div>
    </>
  );
}

/** The server's reason for a batch's state: its own words, in English, left to right in any page. */
function ServerReason({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="alert-detail">
      <bdi dir="ltr" lang="en">
        {text}
      </bdi>
    </p>
  );
}

function Report(props: Props & { batch: BatchView; onUpdated: (b: BatchView) => void }) {
  const { t } = useTranslation();
  const { batch, labels } = props;
  const report = reportOf(batch);
  const decidable = batch.state === 'ready';

  return (
    <>
      {batch.state === 'failed' && (
        <div role="alert" className="alert alert-error">
          <p className="alert-summary">{t('records.report.failed')}</p>
          <ServerReason text={batch.error} />
        </div>
      )}
      {batch.state === 'committed' && (
        <div className="alert alert-success">
          <p className="alert-summary">
            {t('records.report.committed', { number: String(batch.number), accepted: batch.rowsAccepted, duplicates: batch.rowsDuplicate })}
          </p>
          {batch.rowsRejected > 0 && <p>{t('records.report.committedPartial', { rejected: batch.rowsRejected })}</p>}
        </div>
      )}
      {batch.state === 'cancelled' && (
        <div className="alert alert-info">
          <p>{t('records.report.cancelled')}</p>
          {/* Why, when it was not the user: a batch that waited too long for its commit. */}
          <ServerReason text={batch.error} />
        </div>
      )}
      {batch.state === 'withdrawn' && (
        <div className="alert alert-warning">
          <p>{t('records.report.withdrawn', { reason: batch.withdrawnReason ?? '' })}</p>
        </div>
      )}

      {report.format && <Layout report={report} />}
      {batch.state !== 'failed' && <Counts batch={batch} />}
      <Problems batch={batch} report={report} labels={labels} />

      {(decidable || batch.state === 'failed') && (
        <MappingEditor
          batch={batch}
          report={report}
          bundle={props.bundle}
          labels={labels}
          country={props.country}
          collection={props.collection}
          localFile={props.localFile}
          onRecheck={(body: BatchOptionsBody) => batchesApi.recheck(batch.id, body).then(props.onUpdated)}
          onSaved={props.onMappingSaved}
        />
      )}

      {(decidable || batch.state === 'failed') && <Decision batch={batch} onUpdated={props.onUpdated} />}
    </>
  );
}

const DELIMITER_KEYS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'bar' };

function Layout({ report }: { report: BatchReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const delimiter = report.delimiter ? DELIMITER_KEYS[report.delimiter] : undefined;
  return (
    <>
      <h3>{t('records.report.layout')}</h3>
      <dl className="rec-facts">
        <dt>{t('records.report.format')}</dt>
        <dd>{report.format === 'xlsx' ? t('records.report.formatXlsx') : t('records.report.formatCsv')}</dd>
        {report.format === 'csv' && report.encoding && (
          <>
            <dt>{t('records.report.encoding')}</dt>
            <dd>
              <bdi dir="ltr">{report.encoding.toUpperCase()}</bdi>
            </dd>
          </>
        )}
        {report.format === 'csv' && (
          <>
            <dt>{t('records.report.delimiter')}</dt>
            <dd>{delimiter ? t(`records.delimiter.${delimiter}`) : (report.delimiter ?? '—')}</dd>
          </>
        )}
        <dt>{t('records.report.headerLine')}</dt>
        <dd>{report.headerLine === undefined ? '—' : fmt.number(report.headerLine)}</dd>
        {report.decimal && (
          <>
            <dt>{t('records.decimal.label')}</dt>
            <dd>{report.decimal === ',' ? t('records.decimal.comma') : t('records.decimal.point')}</dd>
          </>
        )}
        {report.dateOrder && (
          <>
            <dt>{t('records.dateOrder.label')}</dt>
            <dd>{t(`records.dateOrder.${report.dateOrder}`)}</dd>
          </>
        )}
        {report.firstDate && report.lastDate && (
          <>
            <dt>{t('records.report.dates')}</dt>
            <dd>{t('records.report.dateRange', { from: fmt.date(report.firstDate), to: fmt.date(report.lastDate) })}</dd>
          </>
        )}
      </dl>
      {report.dateOrderDecided === false && (
        <div className="alert alert-warning">
          <p>{t('records.report.dateOrderAssumed')}</p>
        </div>
      )}
    </>
  );
}

function Counts({ batch }: { batch: BatchView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const items = [
    { key: 'read', label: t('records.counts.read'), value: batch.rowsRead, tone: '' },
    { key: 'accepted', label: t('records.counts.accepted'), value: batch.rowsAccepted, tone: 'rec-count-ok' },
    { key: 'rejected', label: t('records.counts.rejected'), value: batch.rowsRejected, tone: batch.rowsRejected ? 'rec-count-bad' : '' },
    {
      key: 'duplicates',
      label: t('records.counts.duplicates'),
      value: batch.rowsDuplicate,
      tone: batch.rowsDuplicate ? 'rec-count-warn' : '',
    },
  ];
  return (
    <>
      <h3>{t('records.counts.title')}</h3>
      <dl className="rec-counts">
        {items.map((i) => (
          <div key={i.key} className={`rec-count ${i.tone}`} data-count={i.key}>
            <dt>{i.label}</dt>
            <dd>{fmt.number(i.value)}</dd>
          </div>
        ))}
      </dl>
      {batch.rowsDuplicate > 0 && <p className="hint">{t('records.counts.duplicatesHint')}</p>}
    </>
  );
}

function Problems({ batch, report, labels }: { batch: BatchView; report: BatchReport; labels: RecordLabels }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const captionId = useId();
  const problems = [...(report.problems ?? [])].sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
  const showRejected = batch.rowsRejected > 0 && batch.state !== 'cancelled';
  if (!problems.length && !showRejected) return null;
  const top = problems.slice(0, 10);
  return (
    <>
      <h3 id={captionId}>{batch.state === 'failed' ? t('records.problems.titleFailed') : t('records.problems.title')}</h3>
      {top.length > 0 && (
        <div className="table-wrap">
          <table className="data rec-problems" aria-labelledby={captionId}>
            <thead>
              <tr>
                <th scope="col">{t('records.problems.field')}</th>
                <th scope="col">{t('records.problems.reason')}</th>
                {batch.state !== 'failed' && (
                  <>
                    <th scope="col" className="num">
                      {t('records.problems.rows')}
                    </th>
                    <th scope="col">{t('records.problems.example')}</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {top.map((p, i) => (
                <tr key={`${p.field}/${p.code}/${i}`}>
                  <th scope="row">{labels.fieldLabel(p.field)}</th>
                  <td>
                    {labels.problem(p.code)}
                    {p.message && (
                      <span className="rec-server-message">
                        <bdi dir="ltr" lang="en">
                          {p.message}
                        </bdi>
                      </span>
                    )}
                  </td>
                  {batch.state !== 'failed' && (
                    <>
                      <td className="num">{fmt.number(p.count ?? 0)}</td>
                      <td>
                        {p.example && (
                          <>
                            <span className="rec-line">{t('records.problems.line', { line: String(p.example.line) })}</span>
                            <span className="rec-server-message">
                              <bdi dir="ltr" lang="en">
                                {p.example.message}
                              </bdi>
                            </span>
                          </>
                        )}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {problems.length > top.length && <p className="hint">{t('records.problems.more', { count: problems.length - top.length })}</p>}
      {showRejected && (
        <p>
          <a className="button" href={batchesApi.rejectedHref(batch.id)} download>
            {t('records.problems.download', { count: batch.rowsRejected })}
          </a>{' '}
          <span className="hint">{t('records.problems.downloadHint')}</span>
        </p>
      )}
    </>
  );
}

function Decision({ batch, onUpdated }: { batch: BatchView; onUpdated: (b: BatchView) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'commit' | 'cancel' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const partial = batch.rowsRejected > 0;
  const ready = batch.state === 'ready';

  const act = (what: 'commit' | 'cancel') => {
    setBusy(what);
    setError(null);
    (what === 'commit' ? batchesApi.commit(batch.id, partial) : batchesApi.cancel(batch.id))
      .then((b) => {
        setConfirming(false);
        announce(what === 'commit' ? t('records.report.committedShort', { number: String(b.number) }) : t('records.report.cancelled'));
        onUpdated(b);
      }, setError)
      .finally(() => setBusy(null));
  };

  return (
    <div className="rec-decision">
      <h3>{t('records.decision.title')}</h3>
      {ready && batch.rowsAccepted === 0 ? (
        <p>{t('records.decision.nothing')}</p>
      ) : ready ? (
        <p>
          {partial
            ? t('records.decision.partialHint', { accepted: batch.rowsAccepted, rejected: batch.rowsRejected })
            : t('records.decision.allHint', { accepted: batch.rowsAccepted })}
        </p>
      ) : (
        <p>{t('records.decision.failedHint')}</p>
      )}
      {!confirming && error !== null && <ErrorMessage error={error} />}
      <div className="button-row">
        {ready && batch.rowsAccepted > 0 && (
          <button
            type="button"
            className="button-primary"
            disabled={busy !== null}
            onClick={() => (partial ? setConfirming(true) : act('commit'))}
          >
            {partial
              ? t('records.decision.commitPartial', { accepted: batch.rowsAccepted })
              : t('records.decision.commit', { accepted: batch.rowsAccepted })}
          </button>
        )}
        <button type="button" disabled={busy !== null} onClick={() => act('cancel')}>
          {busy === 'cancel' ? t('records.decision.cancelling') : t('records.decision.cancel')}
        </button>
      </div>
      <Dialog open={confirming} title={t('records.confirm.title')} onClose={() => setConfirming(false)}>
        <p>{t('records.confirm.onlyValid', { accepted: batch.rowsAccepted, rejected: batch.rowsRejected })}</p>
        <p>{t('records.confirm.rejectedStay')}</p>
        {batch.rowsDuplicate > 0 && <p>{t('records.confirm.duplicates', { duplicates: batch.rowsDuplicate })}</p>}
        {error !== null && <ErrorMessage error={error} />}
        <div className="button-row">
          <button type="button" className="button-primary" disabled={busy !== null} onClick={() => act('commit')}>
            {busy === 'commit' ? t('records.confirm.storing') : t('records.confirm.store', { accepted: batch.rowsAccepted })}
          </button>
          <button type="button" disabled={busy !== null} onClick={() => setConfirming(false)}>
            {t('records.confirm.back')}
          </button>
        </div>
      </Dialog>
    </div>
  );
}
