/**
 * Records: a country's providers and focal point upload and enter the records of the
 * collections their grant covers; the office reads them. Sharing between states (VRS-MSRC
 * reciprocity) is decided by the sharing policy, not here.
 */
import { grantCoversCollection, grantCoversCountry } from '@observatory/core';
import { rolesOnly } from '../http/access.js';
import type { Actor } from '../shared/actor.js';
import { forbidden } from '../shared/errors.js';

const byCountryCollection = { country: { from: 'param', name: 'country', collection: 'collection' } } as const;
const byBatch = { country: { from: 'resource', param: 'batchId' } } as const;

export const recordsAccess = {
  definition: rolesOnly(['provider', 'focal_point', 'reviewer', 'analyst', 'administrator']),
  upload: rolesOnly(['provider', 'focal_point'], byCountryCollection),
  listBatches: rolesOnly(['provider', 'focal_point', 'reviewer', 'administrator'], byCountryCollection),
  batch: rolesOnly(['provider', 'focal_point', 'reviewer', 'administrator'], byBatch),
  changeBatch: rolesOnly(['provider', 'focal_point'], byBatch),
  enter: rolesOnly(['provider', 'focal_point'], byCountryCollection),
  list: rolesOnly(['provider', 'focal_point', 'reviewer', 'administrator'], byCountryCollection),
  mappings: rolesOnly(['provider', 'focal_point'], byCountryCollection),
};

export function assertCanImport(actor: Actor, country: string, collection: string): void {
  const ok = actor.roles.some(
    (g) => (g.role === 'provider' || g.role === 'focal_point') && grantCoversCountry(g, country) && grantCoversCollection(g, collection),
  );
  // The operator at the command line acts for the office.
  if (!ok && actor.via !== 'cli') throw forbidden(`your role does not cover ${collection} records of ${country}`);
}
