/**
 * Sharing: the office sets each collection's policy (reciprocity and its window); each
 * state's focal point alone decides what the state shares, with whom, and what it
 * withholds. A state's providers, focal point and analysts read what others grant it;
 * its focal point (and the office's administrators) see who viewed its records.
 */
import { isOfficeGrant } from '@observatory/core';
import { officeOnly, rolesOnly } from '../http/access.js';
import type { Actor } from '../shared/actor.js';

const byCountryCollection = { country: { from: 'param', name: 'country', collection: 'collection' } } as const;
const STATE_READERS = ['provider', 'focal_point', 'analyst', 'reviewer', 'administrator'] as const;

export const sharingAccess = {
  overview: rolesOnly(STATE_READERS),
  changePolicy: officeOnly(['administrator'], { sessionOnly: true }),
  state: rolesOnly(STATE_READERS, byCountryCollection),
  changeState: rolesOnly(['focal_point'], { ...byCountryCollection, sessionOnly: true }),
  shared: rolesOnly(['provider', 'focal_point', 'analyst'], byCountryCollection),
  views: rolesOnly(['focal_point', 'administrator'], byCountryCollection),
};

/** The office reads every state's choices; a state reads its own. */
export const seesAllStates = (actor: Actor) => actor.roles.some(isOfficeGrant) || actor.via === 'cli';
