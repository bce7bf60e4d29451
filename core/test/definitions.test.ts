import { describe, expect, it } from 'vitest';
import { compileDefinition, DefinitionError, MAX_CELLS_PER_ITEM, cellKey, parseCellKey, type Definition } from '../src/index.js';
import { definition, lists } from './fixtures.js';

describe('compileDefinition', () => {
  it("computes every item's cells from its dimensions", () => {
    const c = compileDefinition(definition, lists);
    expect(c.cardinality.perItem).toEqual({ victims: 12, prosecuted: 4, convicted: 4, share_female: 1, main_origins: 1, legislation: 1 });
    expect(c.cardinality.total).toBe(23);
    expect(c.cellByKey.has('victims|sex=F|age=Y0T17')).toBe(true);
    expect(c.cellByKey.has('share_female')).toBe(true);
  });

  it('plans a dimension total for every combination of the other dimensions', () => {
    const c = compileDefinition(definition, lists);
    const rule = c.rules.find((r) => r.id === 'sex_total')!;
    expect(rule.plan.kind).toBe('compare');
    if (rule.plan.kind !== 'compare') return;
    expect(rule.plan.groups).toHaveLength(3); // one per age code
    expect(rule.plan.groups[0]).toEqual({
      left: ['victims|sex=F|age=T', 'victims|sex=M|age=T', 'victims|sex=U|age=T'],
      right: ['victims|sex=T|age=T'],
      at: { age: 'T' },
    });
  });

  it('asks only the listed combinations when an item lists them', () => {
    const d: Definition = {
      ...definition,
      items: [
        {
          ...definition.items[0]!,
          combinations: [
            { sex: 'T', age: 'T' },
            { sex: 'F', age: 'T' },
          ],
        },
        ...definition.items.slice(1),
      ],
    };
    const c = compileDefinition(d, lists);
    expect(c.cardinality.perItem['victims']).toBe(2);
    const rule = c.rules.find((r) => r.id === 'sex_total')!;
    // M and U at age T are not asked, so the total cannot be checked against them: no group.
    expect(rule.plan.kind === 'compare' && rule.plan.groups).toEqual([]);
  });

  it('refuses a combination explosion, naming the item and the sizes', () => {
    const d: Definition = {
      ...definition,
      dimensions: [
        ...definition.dimensions,
        { id: 'a', label: { en: 'A' }, codeList: 'test_big' },
        { id: 'b', label: { en: 'B' }, codeList: 'test_big' },
      ],
      items: [
        ...definition.items,
        { id: 'exploded', section: 'victims', label: { en: 'X' }, type: 'integer', dimensions: ['sex', 'a', 'b'] },
      ],
    };
    try {
      compileDefinition(d, lists);
      expect.unreachable('should refuse');
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionError);
      const problems = (err as DefinitionError).problems;
      expect(problems[0]!.path).toBe('/items/6');
      expect(problems[0]!.message).toContain('item exploded asks 40,000 cells (sex 4 × a 100 × b 100)');
      expect(problems[0]!.message).toContain(MAX_CELLS_PER_ITEM.toLocaleString('en'));
    }
  });

  it('reports broken references with their paths', () => {
    const d: Definition = {
      ...definition,
      dimensions: [...definition.dimensions, { id: 'x', label: { en: 'X' }, codeList: 'nope' }],
      items: [{ ...definition.items[0]!, section: 'missing' }, ...definition.items.slice(1)],
      rules: [
        { id: 'bad', kind: 'part_le_total', part: { item: 'ghost' }, total: { item: 'victims', where: { sex: 'Z' } }, severity: 'error' },
      ],
    };
    expect(() => compileDefinition(d, lists)).toThrow(DefinitionError);
    try {
      compileDefinition(d, lists);
    } catch (err) {
      const paths = (err as DefinitionError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['/dimensions/2/codeList', '/items/0/section']));
    }
  });

  it('encodes and decodes cell keys', () => {
    const key = cellKey('victims', ['sex', 'age'], { age: 'T', sex: 'F' });
    expect(key).toBe('victims|sex=F|age=T');
    expect(parseCellKey(key)).toEqual({ item: 'victims', categories: { sex: 'F', age: 'T' } });
  });
});
