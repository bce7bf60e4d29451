import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@observatory/core';
import { Page } from '../ui/Page.js';
import { hasOfficeRole, hasRole } from './roles.js';
import { useMe } from './session.js';

/** A page for some roles only (`office`: global grants only): others see why it is closed rather than a broken page. */
export function RequireRole({ roles, office, children }: { roles: Role[]; office?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (office ? hasOfficeRole(me, ...roles) : hasRole(me, ...roles)) return <>{children}</>;
  return (
    <Page title={t('errors.noAccessTitle')}>
      <p>{t('errors.noAccess')}</p>
    </Page>
  );
}
