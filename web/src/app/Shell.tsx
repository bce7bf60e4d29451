/**
 * The signed-in frame: skip link, header (brand, navigation by role, language, the user
 * with their roles, sign-out), the page, the status announcer, and the sign-in-again
 * dialog when a session expires.
 */
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import type { RoleGrantBody } from '@observatory/core';
import { ReauthDialog } from '../features/auth/ReauthDialog.js';
import { Announcer } from '../ui/announce.js';
import { Loading } from '../ui/Loading.js';
import { useUnitName } from '../ui/units.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NAVIGATION } from './navigation.js';
import { hasOfficeRole, hasRole } from './roles.js';
import { useMe, useSession } from './session.js';

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const unitName = useUnitName();
  const entries = NAVIGATION.filter((e) => e.roles === null || (e.office ? hasOfficeRole(me, ...e.roles) : hasRole(me, ...e.roles)));
  const grant = (g: RoleGrantBody) =>
    g.country ? t('roles.inCountry', { role: t(`roles.${g.role}`), country: unitName(g.country) }) : t(`roles.${g.role}`);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <div className="app-header-top">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <div className="header-tools">
            <LanguageSwitch />
            <div className="user">
              <span className="user-name">{me.displayName}</span>
              <span className="user-roles">{me.roles.map(grant).join(' · ')}</span>
            </div>
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                void signOut().then(() => navigate('/'));
              }}
            >
              {t('auth.signOut')}
            </button>
          </div>
        </div>
        <nav aria-label={t('nav.label')} className="main-nav">
          <ul>
            {entries.map((e) => (
              <li key={e.to}>
                <NavLink to={e.to} end={e.to === '/'}>
                  {t(e.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <Announcer />
      <ReauthDialog />
    </>
  );
}

/** The frame for signed-out pages (sign-in, invitations): brand and language only. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="app-header">
        <div className="app-header-top">
          <span className="brand">{t('app.name')}</span>
          <div className="header-tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </main>
      <Announcer />
    </>
  );
}
