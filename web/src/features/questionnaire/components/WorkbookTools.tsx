/**
 * The questionnaire as an Excel workbook: download it (in the interface language) to fill
 * offline, upload it back. The upload report says what was saved and lists problems by
 * sheet and cell of the workbook.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubmissionView } from '@observatory/core';
import { ApiError, saveBlob } from '../../../api/client.js';
import { submissionsApi } from '../../../api/endpoints.js';
import type { WorkbookUploadResult } from '../../../api/types.js';
import { announce } from '../../../ui/announce.js';
import { Dialog } from '../../../ui/Dialog.js';
import { ErrorMessage } from '../../../ui/ErrorMessage.js';
import { useGrid } from '../context.js';
import type { Autosaver } from '../model/autosave.js';

type Report = { kind: 'done'; result: WorkbookUploadResult; fileName: string } | { kind: 'failed'; error: unknown; fileName: string };

export function WorkbookTools({
  submission,
  saver,
  onUploaded,
}: {
  submission: SubmissionView;
  saver: Autosaver | null;
  onUploaded: () => void;
}) {
  const { t } = useTranslation();
  const g = useGrid();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'download' | 'upload' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<Report | null>(null);

  async function download() {
    setError(null);
    setBusy('download');
    try {
      await saver?.flush();
      const { blob, fileName } = await submissionsApi.downloadWorkbook(submission.id, g.fmt.lang);
      saveBlob(blob, fileName ?? `${submission.definition}-${submission.country}-${submission.period}.xlsx`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  async function upload(file: File) {
    setError(null);
    setBusy('upload');
    try {
      if (saver) {
        await saver.flush();
        if (saver.getStatus().pending > 0 || saver.getStatus().conflicts > 0) {
          setReport({ kind: 'failed', error: new Error(t('grid.workbook.saveFirst')), fileName: file.name });
          return;
        }
      }
      const result = await submissionsApi.uploadWorkbook(submission.id, file);
      setReport({ kind: 'done', result, fileName: file.name });
      announce(t('grid.workbook.uploaded', { count: result.saved.length }));
    } catch (err) {
      setReport({ kind: 'failed', error: err, fileName: file.name });
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <div className="workbook-tools">
      <button type="button" onClick={() => void download()} disabled={busy !== null}>
        {busy === 'download' ? t('grid.workbook.downloading') : t('grid.workbook.download')}
      </button>
      {submission.canEdit && (
        <>
          <input
            ref={input}
            id="workbook-file"
            type="file"
            className="visually-hidden"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
          />
          <button type="button" onClick={() => input.current?.click()} disabled={busy !== null}>
            {busy === 'upload' ? t('grid.workbook.uploading') : t('grid.workbook.upload')}
          </button>
        </>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {report && (
        <UploadReport
          report={report}
          onClose={() => {
            const uploaded = report.kind === 'done';
            setReport(null);
            if (uploaded) onUploaded();
          }}
        />
      )}
    </div>
  );
}

/** What still needs work after an upload: errors and warnings not yet explained. */
const unresolved = (result: WorkbookUploadResult) =>
  result.validation.results.filter((r) => r.severity === 'error' || (r.severity === 'warning' && !r.resolved));

function UploadReport({ report, onClose }: { report: Report; onClose: () => void }) {
  const { t } = useTranslation();
  const g = useGrid();
  return (
    <Dialog open wide title={t('grid.workbook.reportTitle', { file: report.fileName })} onClose={onClose}>
      {report.kind === 'done' ? (
        <>
          <p role="status" className="alert alert-success">
            {t('grid.workbook.saved', { count: report.result.saved.length })}
          </p>
          <p>
            {t('grid.workbook.validation', {
              errors: report.result.validation.errors,
              warnings: report.result.validation.unresolvedWarnings,
            })}
          </p>
          {unresolved(report.result).length > 0 && (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('grid.workbook.where')}</th>
                    <th scope="col">{t('grid.workbook.severity')}</th>
                    <th scope="col">{t('grid.workbook.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {unresolved(report.result).map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <code dir="ltr">{report.result.locations[r.cell] ?? r.cell}</code>
                        <div className="hint">{g.labels.cell(r.cell)}</div>
                      </th>
                      <td>{t(`grid.severity.${r.severity}`)}</td>
                      <td>{g.resultText(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : (
        <>
          <p>{t('grid.workbook.failed')}</p>
          <ErrorMessage error={report.error} />
          {report.error instanceof ApiError && (report.error.body.errors?.length ?? 0) > 1 && (
            <ul className="problem-list">
              {report.error.body.errors!.map((p, i) => (
                <li key={i}>
                  <code dir="ltr">{p.field}</code> — {p.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <div className="button-row">
        <button type="button" className="button-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
