/**
 * A focal point's team: invite data providers (the one-time link to pass on), see who is
 * in the team, and assign each section of a questionnaire to providers.
 */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { countriesOf } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { SelectField } from '../../ui/SelectField.js';
import { Page } from '../../ui/Page.js';
import { useUnitName } from '../../ui/units.js';
import { useLoad } from '../../ui/useLoad.js';
import { teamApi } from '../../api/endpoints.js';
import { AssignmentsEditor } from './AssignmentsEditor.js';
import { InviteForm } from './InviteForm.js';
import { TeamList } from './TeamList.js';

export default function TeamPage() {
  const { t } = useTranslation();
  const me = useMe();
  const unitName = useUnitName();
  const countries = countriesOf(me, 'focal_point');
  const [params, setParams] = useSearchParams();
  const country = countries.find((c) => c === params.get('country')) ?? countries[0]!;
  const team = useLoad(() => teamApi.users(country), [country]);

  return (
    <Page
      title={t('team.title', { country: unitName(country) })}
      actions={
        countries.length > 1 && (
          <SelectField label={t('team.country')} value={country} onChange={(e) => setParams({ country: e.target.value })}>
            {countries.map((c) => (
              <option key={c} value={c}>
                {unitName(c)}
              </option>
            ))}
          </SelectField>
        )
      }
    >
      <InviteForm country={country} onInvited={team.reload} />
      <TeamList team={team} />
      <AssignmentsEditor country={country} team={team.data ?? []} />
    </Page>
  );
}
