/**
 * Consistency findings of the submission: the seizure records against the ARQ totals,
 * year-on-year jumps and outliers against the country's accepted history. Open and
 * explained findings first, each linked to its cell (marked on the grid); the focal point
 * explains one with a note; the office resolves, dismisses (with a note), reopens, and
 * runs the checks again after changes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingState, FindingView } from '@observatory/core';
import { consistencyApi } from '../../../api/endpoints.js';
import { announce } from '../../../ui/announce.js';
import { ErrorMessage } from '../../../ui/ErrorMessage.js';
import { useFindingsVersion, useGrid } from '../context.js';
import { isActive } from '../model/findings.js';
import { findingText } from '../model/findingText.js';

export function FindingsPanel() {
  const { t } = useTranslation();
  const g = useGrid();
  useFindingsVersion(g.findings);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const all = g.findings.all();
  const active = all.filter(isActive);
  const rest = all.filter((f) => !isActive(f));

  async function run() {
    setBusy(true);
    setError(null);
    try {
      await g.saver?.flush();
      const r = await consistencyApi.run(g.submission.id);
      g.findings.replace(r.findings);
      announce(t('grid.findings.ran', { found: r.counts.found, new: r.counts.new }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="side-card" aria-labelledby="findings-title">
      <div className="side-card-head">
        <h2 id="findings-title">{t('grid.findings.title')}</h2>
        {g.office && (
          <button type="button" disabled={busy} onClick={() => void run()}>
            {t('grid.findings.run')}
          </button>
        )}
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {all.length === 0 && <p className="muted">{t('grid.findings.none')}</p>}
      <ul className="result-list">
        {active.map((f) => (
          <Finding key={f.id} finding={f} />
        ))}
      </ul>
      {rest.length > 0 && (
        <details>
          <summary>{t('grid.findings.closed', { count: rest.length })}</summary>
          <ul className="result-list">
            {rest.map((f) => (
              <Finding key={f.id} finding={f} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** What this user may do with a finding in its state (the server checks the same). */
function actionsFor(f: FindingView, office: boolean, focalPoint: boolean): FindingState[] {
  if (office) return f.state === 'open' || f.state === 'explained' ? ['explained', 'resolved', 'dismissed'] : ['open'];
  if (focalPoint && (f.state === 'open' || f.state === 'explained')) return ['explained'];
  return [];
}

function Finding({ finding: f }: { finding: FindingView }) {
  const { t } = useTranslation();
  const g = useGrid();
  const [editing, setEditing] = useState<FindingState | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const needsNote = editing === 'explained' || editing === 'dismissed';

  async function update(state: FindingState, withNote?: string) {
    setBusy(true);
    setError(null);
    try {
      g.findings.upsert(await consistencyApi.update(f.id, state, withNote));
      setEditing(null);
      setNote('');
      announce(t('grid.findings.updated', { state: t(`grid.findings.state.${state}`) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const actions = actionsFor(f, g.office, g.focalPoint);
  return (
    <li className={`result result-${f.severity === 'warning' ? 'warning' : 'info'} finding finding-${f.state}`} data-finding={f.check}>
      <span className="result-severity">{t(`grid.findings.check.${f.check}`)}</span>
      <span className="badge">{t(`grid.findings.state.${f.state}`)}</span>
      <span className="result-text">{findingText(f, g.submission.period, g.fmt, t)}</span>
      <button type="button" className="button-link" onClick={() => g.goToCell(f.cell)}>
        {g.labels.cell(f.cell)}
      </button>
      {f.note && (
        <blockquote className="finding-note">
          {/* The note is the writer's text, in whatever language and direction they wrote it. */}
          <p dir="auto">{f.note}</p>
          {f.updatedBy && (
            <footer className="hint">{t('grid.findings.noteBy', { who: f.updatedBy, at: g.fmt.dateTime(f.updatedAt) })}</footer>
          )}
        </blockquote>
      )}
      {!f.stillApplies && <span className="hint">{t('grid.findings.noLongerApplies')}</span>}
      {f.changedSinceFollowUp && <span className="hint">{t('grid.findings.changed')}</span>}
      {editing ? (
        <form
          className="finding-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (needsNote && !note.trim()) return;
            void update(editing, note.trim() || undefined);
          }}
        >
          <label>
            {t(needsNote ? 'grid.findings.noteRequired' : 'grid.findings.noteOptional')}
            <textarea value={note} rows={3} maxLength={4000} required={needsNote} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="button-row">
            <button type="submit" disabled={busy || (needsNote && !note.trim())}>
              {t(`grid.findings.do.${editing}`)}
            </button>
            <button type="button" className="button-link" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        actions.length > 0 && (
          <span className="result-actions">
            {actions.map((a) => (
              <button
                key={a}
                type="button"
                disabled={busy}
                onClick={() => (a === 'open' ? void update('open') : (setNote(a === 'explained' ? (f.note ?? '') : ''), setEditing(a)))}
              >
                {t(`grid.findings.do.${a}`)}
              </button>
            ))}
          </span>
        )
      )}
      {error !== null && <ErrorMessage error={error} />}
    </li>
  );
}
