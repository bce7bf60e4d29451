/**
 * Role grants of an account: each a role, scoped to a reporting unit and collections for
 * country roles (provider, focal point) and optionally for analysts of partner countries.
 * Office roles are global. Problems are shown as the administrator edits.
 */
import { useTranslation } from 'react-i18next';
import { COLLECTIONS, COUNTRY_SCOPED_ROLES, OFFICE_ROLES, ROLES, type Role, type RoleGrantBody } from '@observatory/core';
import { useFormat } from '../../i18n/format.js';
import { shortName } from '../../ui/definitions.js';
import { useUnits } from '../../ui/units.js';
import { SelectField } from '../../ui/SelectField.js';

export type GrantProblem = 'needsCountry' | 'needsCollections' | 'officeNoCountry';

export function grantProblem(g: RoleGrantBody): GrantProblem | null {
  const scoped = COUNTRY_SCOPED_ROLES.includes(g.role);
  if (scoped && !g.country) return 'needsCountry';
  if (scoped && g.collections.length === 0) return 'needsCollections';
  if (OFFICE_ROLES.includes(g.role) && g.country) return 'officeNoCountry';
  return null;
}

/** A grant as the server wants it: office roles global, collections only with a country. */
function normalised(g: RoleGrantBody): RoleGrantBody {
  if (OFFICE_ROLES.includes(g.role)) return { role: g.role, country: null, collections: [] };
  if (!g.country) return { ...g, collections: [] };
  return g;
}

export function GrantsEditor({
  grants,
  onChange,
  idPrefix,
}: {
  grants: RoleGrantBody[];
  onChange: (g: RoleGrantBody[]) => void;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const units = useUnits();
  const unitOptions = [...(units?.values() ?? [])]
    .map((u) => ({ code: u.code, name: fmt.name(u.names, u.code) }))
    .sort((a, b) => a.name.localeCompare(b.name, fmt.lang));
  const update = (i: number, patch: Partial<RoleGrantBody>) =>
    onChange(grants.map((g, j) => (j === i ? normalised({ ...g, ...patch }) : g)));

  return (
    <fieldset className="grants">
      <legend>{t('users.grants.title')}</legend>
      {grants.length === 0 && <p className="muted">{t('users.grants.none')}</p>}
      {grants.map((g, i) => {
        const problem = grantProblem(g);
        const office = OFFICE_ROLES.includes(g.role);
        const problemId = `${idPrefix}-grant-${i}-problem`;
        return (
          <div key={i} className="grant" role="group" aria-label={t('users.grants.grant', { n: i + 1 })}>
            <div className="form-row">
              <SelectField label={t('users.grants.role')} value={g.role} onChange={(e) => update(i, { role: e.target.value as Role })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </SelectField>
              {!office && (
                <SelectField
                  label={t('users.grants.country')}
                  value={g.country ?? ''}
                  aria-describedby={problem ? problemId : undefined}
                  onChange={(e) => update(i, { country: e.target.value || null })}
                >
                  <option value="">
                    {COUNTRY_SCOPED_ROLES.includes(g.role) ? t('users.grants.pickCountry') : t('users.grants.global')}
                  </option>
                  {unitOptions.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name}
                    </option>
                  ))}
                </SelectField>
              )}
              <button type="button" onClick={() => onChange(grants.filter((_, j) => j !== i))}>
                {t('users.grants.remove')}
              </button>
            </div>
            {!office && g.country && (
              <fieldset>
                <legend>{t('users.grants.collections')}</legend>
                <div className="fieldset-options">
                  {COLLECTIONS.map((c) => (
                    <label key={c.id} className="checkbox">
                      <input
                        type="checkbox"
                        checked={g.collections.includes(c.id)}
                        onChange={(e) =>
                          update(i, { collections: e.target.checked ? [...g.collections, c.id] : g.collections.filter((x) => x !== c.id) })
                        }
                      />
                      <span title={t(`collections.${c.id}`)}>{shortName(c.id)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            {problem && (
              <p id={problemId} className="alert alert-warning">
                {t(`users.grants.problems.${problem}`)}
              </p>
            )}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...grants, { role: 'provider', country: null, collections: [] }])}>
        {t('users.grants.add')}
      </button>
    </fieldset>
  );
}
