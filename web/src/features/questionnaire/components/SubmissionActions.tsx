/**
 * The state moves this user may make now: submit or resubmit (focal point), accept,
 * return or reopen (reviewer; return and reopen need a reason). Pending values are saved
 * first; a refusal because of errors or unexplained warnings comes back as the blocking
 * list, linked to the cells.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIONS_NEEDING_REASON, type FieldProblem, type SubmissionAction, type SubmissionView } from '@observatory/core';
import { isApiError } from '../../../api/client.js';
import { submissionsApi } from '../../../api/endpoints.js';
import { announce } from '../../../ui/announce.js';
import { Dialog } from '../../../ui/Dialog.js';
import { ErrorMessage } from '../../../ui/ErrorMessage.js';
import type { Autosaver } from '../model/autosave.js';
import type { Blocking } from './BlockingList.js';

const SHOWN: SubmissionAction[] = ['submit', 'resubmit', 'accept', 'return', 'reopen'];

export function SubmissionActions({
  submission,
  saver,
  onChanged,
  onBlocked,
}: {
  submission: SubmissionView;
  saver: Autosaver | null;
  onChanged: (s: SubmissionView) => void;
  onBlocked: (b: Blocking) => void;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<SubmissionAction | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const actions = submission.actions.filter((a) => SHOWN.includes(a));
  if (actions.length === 0) return null;

  async function fire(action: SubmissionAction, reason?: string) {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      if (saver) {
        await saver.flush();
        const status = saver.getStatus();
        if (status.conflicts > 0 || status.invalid > 0 || status.pending > 0) {
          setNotice(t('grid.actions.saveFirst'));
          return;
        }
      }
      const next = await submissionsApi.transition(submission.id, action, reason);
      setDialog(null);
      announce(t(`grid.actions.done.${action}`));
      onChanged(next);
    } catch (err) {
      if (isApiError(err, 'submission_blocked')) {
        setDialog(null);
        onBlocked({ action, problems: (err.body.errors ?? []) as FieldProblem[] });
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  function submitReason(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (dialog) void fire(dialog, reason || undefined);
  }

  const primary = (a: SubmissionAction) => a === 'submit' || a === 'resubmit' || a === 'accept';
  return (
    <div className="submission-actions">
      {actions.map((a) => (
        <button
          key={a}
          type="button"
          className={primary(a) ? 'button-primary' : a === 'return' ? 'button-danger' : undefined}
          disabled={busy}
          onClick={() => (a === 'submit' || a === 'resubmit' ? void fire(a) : setDialog(a))}
        >
          {t(`grid.actions.${a}`)}
        </button>
      ))}
      {notice && (
        <p role="alert" className="alert alert-warning">
          {notice}
        </p>
      )}
      {error !== null && !dialog && <ErrorMessage error={error} />}
      <Dialog open={dialog !== null} title={dialog ? t(`grid.actions.${dialog}Title`) : ''} onClose={() => setDialog(null)}>
        <form className="form" onSubmit={submitReason}>
          <p>{dialog && t(`grid.actions.${dialog}Intro`)}</p>
          {dialog && ACTIONS_NEEDING_REASON.includes(dialog) && (
            <label>
              {t('grid.actions.reason')}
              <textarea name="reason" rows={4} required maxLength={2000} />
            </label>
          )}
          {error !== null && <ErrorMessage error={error} />}
          <div className="button-row">
            <button type="submit" className={dialog === 'return' ? 'button-danger' : 'button-primary'} disabled={busy}>
              {dialog && t(`grid.actions.${dialog}`)}
            </button>
            <button type="button" onClick={() => setDialog(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
