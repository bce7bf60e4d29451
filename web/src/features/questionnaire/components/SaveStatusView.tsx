/**
 * The autosave state, always visible: saved, saving, unsaved, offline (will retry),
 * conflict or error. Changes of state are announced politely; conflicts and errors
 * assertively.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { announce } from '../../../ui/announce.js';
import { useErrorText } from '../../../ui/ErrorMessage.js';
import { useGrid, useSaveStatus } from '../context.js';
import type { Autosaver } from '../model/autosave.js';

export function SaveStatusView({ saver }: { saver: Autosaver }) {
  const { t } = useTranslation();
  const g = useGrid();
  const status = useSaveStatus(saver);
  const errorText = useErrorText();
  const last = useRef(status.state);

  useEffect(() => {
    if (status.state !== last.current && (status.state === 'saved' || status.state === 'offline')) announce(t(`grid.save.${status.state}`));
    last.current = status.state;
  }, [status.state, t]);

  const text =
    status.state === 'saved' && status.savedAt
      ? t('grid.save.savedAt', { time: g.fmt.dateTime(status.savedAt.toISOString()) })
      : t(`grid.save.${status.state}`, {
          count: status.state === 'conflict' ? status.conflicts : status.state === 'invalid' ? status.invalid : status.pending,
        });
  const urgent = status.state === 'conflict' || status.state === 'error';
  return (
    <span className={`save-status save-${status.state}`} role={urgent ? 'alert' : undefined} data-save-state={status.state}>
      <span className="save-dot" aria-hidden="true" />
      {text}
      {status.state === 'error' && status.error && <span className="save-detail"> — {errorText(status.error).summary}</span>}
      {status.state === 'conflict' && (
        <button type="button" className="button-link" onClick={() => g.goToCell(g.store.conflictKeys()[0]!)}>
          {t('grid.save.showConflict')}
        </button>
      )}
    </span>
  );
}
