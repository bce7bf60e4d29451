/**
 * A progress bar with its label: role=progressbar with aria values (0-100), or without a
 * value while the total is unknown (screen readers then say it is busy).
 */
import { useId } from 'react';
import { useFormat } from '../../i18n/format.js';

export function ProgressBar({ label, fraction, detail }: { label: string; fraction: number | null; detail?: string }) {
  const id = useId();
  const fmt = useFormat();
  const percent = fraction === null ? null : Math.max(0, Math.min(100, Math.round(fraction * 100)));
  const percentText = percent === null ? '' : new Intl.NumberFormat(fmt.lang, { style: 'percent' }).format(percent / 100);
  return (
    <div className="rec-progress">
      <div className="rec-progress-label">
        <span id={id}>{label}</span>
        {percent !== null && <span className="rec-progress-percent">{percentText}</span>}
      </div>
      <div
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent === null ? {} : { 'aria-valuenow': percent, 'aria-valuetext': percentText })}
        className={percent === null ? 'rec-progress-track rec-progress-busy' : 'rec-progress-track'}
      >
        <div className="rec-progress-fill" style={percent === null ? undefined : { inlineSize: `${percent}%` }} />
      </div>
      {detail && <p className="hint rec-progress-detail">{detail}</p>}
    </div>
  );
}
