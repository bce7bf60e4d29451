import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { grantCoversCollection, grantCoversCountry, grantProblem, requiresSecondFactor, ROLES, type RoleGrant } from '../src/index.js';

describe('role grants', () => {
  it('require a country and collections for provider and focal point, and none for office roles', () => {
    expect(grantProblem({ role: 'provider', country: 'COL', collections: ['ids'] })).toBeNull();
    expect(grantProblem({ role: 'provider', country: null, collections: ['ids'] })).toMatch(/reporting unit/);
    expect(grantProblem({ role: 'focal_point', country: 'COL', collections: [] })).toMatch(/collection/);
    expect(grantProblem({ role: 'publisher', country: 'COL', collections: [] })).toMatch(/office role/);
    expect(grantProblem({ role: 'analyst', country: 'COL', collections: [] })).toBeNull();
    expect(grantProblem({ role: 'analyst', country: null, collections: [] })).toBeNull();
  });

  it('need a second factor exactly when an office role is held', () => {
    const arb = fc.array(
      fc.record({ role: fc.constantFrom(...ROLES), country: fc.constant(null), collections: fc.constant<string[]>([]) }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(arb, (grants: RoleGrant[]) => {
        const office = grants.some((g) => g.role === 'reviewer' || g.role === 'publisher' || g.role === 'administrator');
        expect(requiresSecondFactor(grants)).toBe(office);
      }),
    );
  });

  it('cover countries and collections as scoped', () => {
    const g: RoleGrant = { role: 'provider', country: 'PER', collections: ['ids'] };
    expect(grantCoversCountry(g, 'PER')).toBe(true);
    expect(grantCoversCountry(g, 'COL')).toBe(false);
    expect(grantCoversCountry({ role: 'reviewer', country: null, collections: [] }, 'COL')).toBe(true);
    expect(grantCoversCollection(g, 'ids')).toBe(true);
    expect(grantCoversCollection(g, 'arq')).toBe(false);
    expect(grantCoversCollection({ role: 'analyst', country: null, collections: [] }, 'arq')).toBe(true);
  });
});
