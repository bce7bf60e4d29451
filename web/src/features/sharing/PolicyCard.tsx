/**
 * The collection's sharing policy in plain words, the states taking part, and for the
 * office's administrators the form that changes it (reciprocal or not, window 0-5 years).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_WINDOW_YEARS, type SharingOverview } from '@observatory/core';
import { sharingApi } from '../../api/endpoints.js';
import { hasRole } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { useUnitName } from '../../ui/units.js';
import { fieldProblems } from './model.js';

export function PolicyCard(props: {
  collection: string;
  collectionName: string;
  overview: SharingOverview;
  onChanged: (overview: SharingOverview) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitName = useUnitName();
  const me = useMe();
  const headingId = useId();
  const { overview } = props;
  const participants = [...overview.participants].sort((a, b) => unitName(a).localeCompare(unitName(b), fmt.lang));

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sharing.policy.title')}</h2>
      <p>{overview.reciprocal ? t('sharing.policy.reciprocal', { window: overview.windowYears }) : t('sharing.policy.notReciprocal')}</p>
      <p>{t('sharing.policy.choices')}</p>
      <p>{t('sharing.policy.restricted')}</p>
      <p>
        {participants.length === 0
          ? t('sharing.policy.nobody')
          : t('sharing.policy.participants', { count: participants.length, list: participants.map(unitName).join(t('common.separator')) })}
      </p>
      {hasRole(me, 'administrator') && <PolicyForm key={props.collection} {...props} />}
    </section>
  );
}

function PolicyForm({ collection, collectionName, overview, onChanged }: Parameters<typeof PolicyCard>[0]) {
  const { t } = useTranslation();
  const windowHint = useId();
  const windowError = useId();
  const [reciprocal, setReciprocal] = useState(overview.reciprocal);
  const [windowYears, setWindowYears] = useState(String(overview.windowYears));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const changed = reciprocal !== overview.reciprocal || Number(windowYears) !== overview.windowYears;
  const problems = fieldProblems(error);
  const windowProblem = problems?.find((p) => p.field === 'windowYears');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const next = await sharingApi.setPolicy(collection, { reciprocal, windowYears: Number(windowYears) });
      setSaved(true);
      announce(t('sharing.policy.saved'));
      onChanged(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="form policy-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('sharing.policy.formLabel', { collection: collectionName })}
    >
      <h3>{t('sharing.policy.change')}</h3>
      <label className="checkbox">
        <input
          type="checkbox"
          name="reciprocal"
          checked={reciprocal}
          onChange={(e) => {
            setReciprocal(e.target.checked);
            setSaved(false);
          }}
        />
        {t('sharing.policy.reciprocalLabel')}
      </label>
      <label className="field-narrow">
        {t('sharing.policy.window')}
        <input
          type="number"
          name="windowYears"
          min={0}
          max={MAX_WINDOW_YEARS}
          step={1}
          required
          inputMode="numeric"
          value={windowYears}
          aria-describedby={windowProblem ? `${windowHint} ${windowError}` : windowHint}
          aria-invalid={windowProblem ? true : undefined}
          onChange={(e) => {
            setWindowYears(e.target.value);
            setSaved(false);
          }}
          className="input-year"
        />
        <span id={windowHint} className="hint">
          {t('sharing.policy.windowHint', { max: MAX_WINDOW_YEARS })}
        </span>
        {windowProblem && (
          <span id={windowError} className="field-error">
            {windowProblem.message}
          </span>
        )}
      </label>
      {error !== null && !windowProblem && <ErrorMessage error={error} />}
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={busy || !changed}>
          {t('sharing.policy.save')}
        </button>
        {saved && !changed && (
          <span role="status" className="saved-state">
            {t('sharing.policy.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
