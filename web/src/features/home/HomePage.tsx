/** Home: what this user must do next, by role (country work, review, administration). */
import { useTranslation } from 'react-i18next';
import { countriesOf, hasRole } from '../../app/roles.js';
import { useMe } from '../../app/session.js';
import { Page } from '../../ui/Page.js';
import { AdminShortcuts, OfficeShortcuts } from './Shortcuts.js';
import { CountryWork } from './CountryWork.js';
import { ReviewerWork } from './ReviewerWork.js';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const countries = countriesOf(me, 'focal_point', 'provider');
  return (
    <Page title={t('home.title', { name: me.displayName })}>
      {countries.map((c) => (
        <CountryWork key={c} country={c} />
      ))}
      {hasRole(me, 'reviewer') && <ReviewerWork />}
      {hasRole(me, 'administrator') && <AdminShortcuts />}
      {hasRole(me, 'analyst', 'publisher') && !hasRole(me, 'reviewer', 'administrator') && <OfficeShortcuts />}
    </Page>
  );
}
