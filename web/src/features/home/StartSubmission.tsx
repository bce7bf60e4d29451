/** A focal point opens the country's questionnaire for a collection and a reporting year. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SubmissionView } from '@observatory/core';
import { isApiError } from '../../api/client.js';
import { submissionsApi } from '../../api/endpoints.js';
import type { DefinitionSummary } from '../../api/types.js';
import { shortName, useDefinitionTitle } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { SelectField } from '../../ui/SelectField.js';

export function StartSubmission({
  country,
  definitions,
  existing,
  onCreated,
}: {
  country: string;
  definitions: DefinitionSummary[];
  existing: SubmissionView[];
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const title = useDefinitionTitle();
  const headingId = useId();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 12 }, (_, i) => String(thisYear - i));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const definition = String(form.get('definition'));
    const period = String(form.get('period'));
    setError(null);
    const already = existing.find((s) => s.definition === definition && s.period === period);
    if (already) return void navigate(`/submissions/${already.id}`);
    setBusy(true);
    try {
      const created = await submissionsApi.create(country, definition, period);
      onCreated();
      await navigate(`/submissions/${created.id}`);
    } catch (err) {
      setBusy(false);
      // Someone else opened it meanwhile: the message names its id; go there.
      const id = isApiError(err, 'conflict') ? /\(([0-9a-f-]{36})\)/.exec(err.body.message)?.[1] : undefined;
      if (id) await navigate(`/submissions/${id}`);
      else setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('home.start.title')}</h3>
      <p className="muted">{t('home.start.intro')}</p>
      <form className="form-row" onSubmit={(e) => void submit(e)}>
        <SelectField label={t('home.start.definition')} name="definition" required>
          {definitions.map((d) => (
            <option key={d.id} value={d.id}>
              {shortName(d.id)} — {title(definitions, d.id)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('home.start.period')} className="field-narrow" name="period" defaultValue={String(thisYear - 1)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button-primary" disabled={busy}>
          {t('home.start.submit')}
        </button>
      </form>
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}
