/**
 * Named partner states, picked from the reference reporting units (the list the app loads
 * once): the chosen states as removable chips, a search box, and the matching states as
 * checkboxes, states already taking part marked so.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import { useUnitName, useUnits } from '../../ui/units.js';
import { RemovableChips } from '../../ui/RemovableChips.js';

const PICKABLE_KINDS = new Set(['country', 'subnational', 'special']);
/** Accents and case do not matter when looking for a state ("peru" finds Perú). */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();

export function PartnerPicker(props: {
  own: string;
  value: readonly string[];
  participants: readonly string[];
  onChange: (partners: string[]) => void;
  errors: string[];
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const units = useUnits();
  const unitName = useUnitName();
  const ids = { hint: useId(), error: useId(), search: useId() };
  const [query, setQuery] = useState('');
  const today = new Date().toISOString().slice(0, 10);

  const candidates = useMemo(
    () =>
      [...(units?.values() ?? [])]
        .filter((u) => PICKABLE_KINDS.has(u.kind) && u.code !== props.own && (!u.validTo || u.validTo >= today))
        .map((u) => ({ code: u.code, name: fmt.name(u.names, u.code) }))
        .sort((a, b) => a.name.localeCompare(b.name, fmt.lang)),
    [units, props.own, fmt, today],
  );
  const q = fold(query.trim());
  const shown = q ? candidates.filter((c) => fold(c.name).includes(q) || c.code.toLowerCase() === q) : candidates;
  const participates = new Set(props.participants);
  const set = (code: string, on: boolean) =>
    props.onChange(on ? [...props.value.filter((c) => c !== code), code] : props.value.filter((c) => c !== code));

  return (
    <fieldset className="partner-picker" aria-describedby={props.errors.length ? `${ids.hint} ${ids.error}` : ids.hint}>
      <legend>{t('sharing.partners.legend')}</legend>
      <p className="hint" id={ids.hint}>
        {t('sharing.partners.hint')}
      </p>
      {props.value.length === 0 ? (
        <p className="muted">{t('sharing.partners.none')}</p>
      ) : (
        <RemovableChips
          label={t('sharing.partners.chosen')}
          chips={props.value.map((c) => ({ key: c, label: unitName(c), removeLabel: t('sharing.partners.remove', { name: unitName(c) }) }))}
          onRemove={(c) => set(c, false)}
        />
      )}
      <div className="field">
        <label htmlFor={ids.search}>{t('sharing.partners.find')}</label>
        <input id={ids.search} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </div>
      <div className="partner-list" role="group" aria-label={t('sharing.partners.matching', { count: shown.length })}>
        {units === null && <p className="muted">{t('common.loading')}</p>}
        {units !== null && shown.length === 0 && <p className="muted">{t('sharing.partners.noMatch')}</p>}
        {shown.map((c) => (
          <label key={c.code} className="checkbox">
            <input type="checkbox" value={c.code} checked={props.value.includes(c.code)} onChange={(e) => set(c.code, e.target.checked)} />
            <span>{c.name}</span>
            {participates.has(c.code) && <span className="badge badge-participant">{t('sharing.partners.takesPart')}</span>}
          </label>
        ))}
      </div>
      {props.errors.length > 0 && (
        <ul className="field-error" id={ids.error}>
          {props.errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
