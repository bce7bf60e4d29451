import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface Shortcut {
  to: string;
  title: string;
  text: string;
}

function ShortcutCards({ heading, items }: { heading: string; items: Shortcut[] }) {
  return (
    <section aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{heading}</h2>
      <ul className="cards list-plain">
        {items.map((s) => (
          <li key={s.to} className="card">
            <h3>
              <Link to={s.to}>{s.title}</Link>
            </h3>
            <p className="muted">{s.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Administrators: accounts, the audit trail, tokens, and the state of collection. */
export function AdminShortcuts() {
  const { t } = useTranslation();
  return (
    <ShortcutCards
      heading={t('home.admin.title')}
      items={[
        { to: '/admin/users', title: t('nav.users'), text: t('home.admin.users') },
        { to: '/admin/audit', title: t('nav.audit'), text: t('home.admin.audit') },
        { to: '/completeness', title: t('nav.completeness'), text: t('home.admin.completeness') },
        { to: '/tokens', title: t('nav.tokens'), text: t('home.admin.tokens') },
      ]}
    />
  );
}

/** Analysts and publishers: what exists for them today. */
export function OfficeShortcuts() {
  const { t } = useTranslation();
  return (
    <ShortcutCards
      heading={t('home.office.title')}
      items={[
        { to: '/completeness', title: t('nav.completeness'), text: t('home.admin.completeness') },
        { to: '/tokens', title: t('nav.tokens'), text: t('home.admin.tokens') },
      ]}
    />
  );
}
