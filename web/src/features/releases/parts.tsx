/** Small pieces both release pages show: the state badge, tiers in words, an embargo in two time zones. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReleaseView } from '@observatory/core';
import { useFormat } from '../../i18n/format.js';
import { embargoFormat } from './model.js';

/** A release state as a coloured label; the word is always there, colour is not the only cue. */
export function ReleaseStateBadge({ state }: { state: ReleaseView['state'] }) {
  const { t } = useTranslation();
  return <span className={`badge release-state release-state-${state}`}>{t(`releases.state.${state}`)}</span>;
}

export function useEmbargoFormat() {
  const fmt = useFormat();
  return useMemo(() => embargoFormat(fmt.lang), [fmt.lang]);
}

/** An embargo time in the reader's time zone (zone named), with UTC beside it unless they are the same. */
export function EmbargoTime({ iso, inline }: { iso: string; inline?: boolean }) {
  const when = useEmbargoFormat();
  return (
    <time dateTime={iso} className={inline ? 'embargo embargo-inline' : 'embargo'}>
      <span>{when.local(iso)}</span>
      {!when.isUtc && <span className="muted">{when.utc(iso)}</span>}
    </time>
  );
}

/** Tier names joined in the interface language. */
export function useTierNames() {
  const { t } = useTranslation();
  return (tiers: readonly string[]) => tiers.map((x) => t(`releases.tier.${x}`)).join(t('common.separator'));
}
