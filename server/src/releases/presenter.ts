/** The fields of a release that leave the server. */
import type { Names, ReleaseView } from '@observatory/core';
import type { ReleaseRow } from './repository.js';

export function presentRelease(r: ReleaseRow, now: Date): ReleaseView {
  const embargo = new Date(r.embargo_at);
  return {
    id: r.id,
    number: r.number,
    title: r.title as Names,
    note: (r.note ?? null) as Names | null,
    dataflows: r.dataflows,
    periods: r.periods,
    countries: r.countries,
    tiers: r.tiers,
    embargoAt: embargo.toISOString(),
    state: r.state === 'scheduled' && embargo <= now ? 'published' : (r.state as ReleaseView['state']),
    observations: r.observations,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    scheduledBy: r.scheduled_by,
    scheduledAt: r.scheduled_at ? new Date(r.scheduled_at).toISOString() : null,
    withdrawn: r.withdrawn_at
      ? { by: r.withdrawn_by ?? '', at: new Date(r.withdrawn_at).toISOString(), reason: r.withdrawn_reason ?? '' }
      : null,
  };
}
