import { useTranslation } from 'react-i18next';
import type { SubmissionState } from '@observatory/core';

/** A submission state as a coloured label; the colour is never the only cue (the word is there). */
export function StateBadge({ state }: { state: SubmissionState | 'not_started' }) {
  const { t } = useTranslation();
  return <span className={`badge badge-state-${state}`}>{t(`states.${state}`)}</span>;
}

/** A deadline, marked when overdue (with words, not only colour). */
export function Deadline({ date, overdue, format }: { date: string | null; overdue: boolean; format: (iso: string) => string }) {
  const { t } = useTranslation();
  if (!date) return <span className="muted">{t('common.noDeadline')}</span>;
  return overdue ? (
    <span className="overdue">
      {format(date)} <span className="badge badge-overdue">{t('common.overdue')}</span>
    </span>
  ) : (
    <span>{format(date)}</span>
  );
}
