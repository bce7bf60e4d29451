/**
 * Who fills which section of a questionnaire: for each section, the data providers
 * (of that collection) assigned to it. Each section saves on its own.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Names } from '@observatory/core';
import { loadDefinitionVersion } from '../../api/cache.js';
import { teamApi } from '../../api/endpoints.js';
import type { CountryUser } from '../../api/types.js';
import { collectionsIn } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { useFormat } from '../../i18n/format.js';
import { announce } from '../../ui/announce.js';
import { shortName, useDefinitions } from '../../ui/definitions.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import { Loading } from '../../ui/Loading.js';
import { useLoad } from '../../ui/useLoad.js';
import { SelectField } from '../../ui/SelectField.js';

export function AssignmentsEditor({ country, team }: { country: string; team: CountryUser[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const definitions = (useDefinitions() ?? []).filter((d) => collectionsIn(me, country, 'focal_point').includes(d.collection));
  const [definition, setDefinition] = useState('');
  const chosen = definitions.find((d) => d.id === definition) ?? definitions[0];
  const data = useLoad(
    async () =>
      chosen
        ? {
            assignments: await teamApi.assignments(country, chosen.id),
            bundle: await loadDefinitionVersion(chosen.id, chosen.version),
          }
        : null,
    [country, chosen?.id],
  );
  const providers = team.filter((u) => u.roles.includes('provider') && chosen && u.collections.includes(chosen.collection));

  return (
    <section className="card" aria-labelledby="assignments-title">
      <h2 id="assignments-title">{t('team.assign.title')}</h2>
      <p className="muted">{t('team.assign.intro')}</p>
      <SelectField
        label={t('queue.definition')}
        className="inline-select"
        value={chosen?.id ?? ''}
        onChange={(e) => setDefinition(e.target.value)}
      >
        {definitions.map((d) => (
          <option key={d.id} value={d.id}>
            {shortName(d.id)} — {fmt.name(d.title as Names, d.id)}
          </option>
        ))}
      </SelectField>
      {data.error !== null && <ErrorMessage error={data.error} />}
      {data.loading && <Loading />}
      {data.data && chosen && providers.length === 0 && <p>{t('team.assign.noProviders')}</p>}
      {data.data && chosen && providers.length > 0 && (
        <div className="assignments">
          {data.data.bundle.definition.sections.map((s) => {
            const assigned = data.data!.assignments.assignments.find((a) => a.section === s.id)?.users.map((u) => u.id) ?? [];
            return (
              <SectionAssignment
                key={`${chosen.id}-${s.id}-${assigned.join()}`}
                country={country}
                definition={chosen.id}
                section={s.id}
                label={fmt.name(s.label, s.id)}
                providers={providers}
                assigned={assigned}
              />
            );
          })}
        </div>
      )}
    </section>
  );
}

function SectionAssignment(props: {
  country: string;
  definition: string;
  section: string;
  label: string;
  providers: CountryUser[];
  assigned: string[];
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string[]>(props.assigned);
  const [saved, setSaved] = useState<string[]>(props.assigned);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const changed = [...selected].sort().join() !== [...saved].sort().join();

  async function save() {
    setError(null);
    setBusy(true);
    try {
      await teamApi.assign(props.country, props.definition, props.section, selected);
      setSaved(selected);
      announce(t('team.assign.saved', { section: props.label }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="assignment">
      <legend>{props.label}</legend>
      <div className="fieldset-options">
        {props.providers.map((p) => (
          <label key={p.id} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(p.id)}
              onChange={(e) => setSelected((s) => (e.target.checked ? [...s, p.id] : s.filter((x) => x !== p.id)))}
            />
            {p.displayName}
          </label>
        ))}
      </div>
      <div className="button-row">
        <button type="button" onClick={() => void save()} disabled={!changed || busy}>
          {t('team.assign.save')}
        </button>
        {!changed && saved.length === 0 && <span className="hint">{t('team.assign.nobody')}</span>}
      </div>
      {error !== null && <ErrorMessage error={error} />}
    </fieldset>
  );
}
