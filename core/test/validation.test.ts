import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileDefinition,
  evaluateCompare,
  holds,
  modifiedZ,
  NEGATION,
  summarize,
  validate,
  type Cell,
  type CompareGroup,
  type Operator,
} from '../src/index.js';
import { definition, lists } from './fixtures.js';

const compiled = compileDefinition(definition, lists);
const num = (value: number, comment?: string): Cell => ({ value: { kind: 'number', value }, ...(comment ? { comment } : {}) });
const cells = (entries: Record<string, Cell>) => new Map(Object.entries(entries));
const OPS: Operator[] = ['<=', '<', '>=', '>', '=', '!='];

describe('rule engine properties', () => {
  const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true });
  const tolerance = fc.record({
    absolute: fc.double({ min: 0, max: 100, noNaN: true }),
    relative: fc.double({ min: 0, max: 0.5, noNaN: true }),
  });

  it('a rule and its negation never both pass, and one of them always does', () => {
    fc.assert(
      fc.property(finite, finite, fc.constantFrom(...OPS), tolerance, (l, r, op, tol) => {
        const a = holds(l, op, r, tol);
        const b = holds(l, NEGATION[op], r, tol);
        expect(a && b).toBe(false);
        expect(a || b).toBe(true);
      }),
    );
  });

  it('the same holds through the engine, skips included (a skipped rule does not pass)', () => {
    const keys = ['a', 'b', 'c'];
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...OPS),
        fc.constantFrom('skip_if_any_missing' as const, 'skip_if_all_missing' as const, 'never_skip' as const),
        (values, op, missing) => {
          const m = new Map<string, Cell>();
          values.forEach((v, i) => v !== null && m.set(keys[i]!, num(v)));
          const g: CompareGroup = { left: ['a', 'b'], right: ['c'], at: {} };
          const x = evaluateCompare(g, op, undefined, missing, m).outcome;
          const y = evaluateCompare(g, NEGATION[op], undefined, missing, m).outcome;
          expect(x === 'pass' && y === 'pass').toBe(false);
          expect(x === 'skip').toBe(y === 'skip');
        },
      ),
    );
  });

  it('sum(parts) = total does not depend on the order of the parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        (parts, extra) => {
          const total = parts.reduce((s, v) => s + v, 0) + (extra > 5e7 ? extra : 0);
          const m = new Map<string, Cell>(parts.map((v, i) => [`p${i}`, num(v)]));
          m.set('t', num(total));
          const keys = parts.map((_, i) => `p${i}`);
          const shuffled = [...keys].reverse().sort(() => 0.5 - ((keys.length * 7919) % 11) / 11);
          const one = evaluateCompare({ left: keys, right: ['t'], at: {} }, '=', undefined, 'never_skip', m).outcome;
          const two = evaluateCompare({ left: shuffled, right: ['t'], at: {} }, '=', undefined, 'never_skip', m).outcome;
          const three = evaluateCompare({ left: [...keys].reverse(), right: ['t'], at: {} }, '=', undefined, 'never_skip', m).outcome;
          expect(two).toBe(one);
          expect(three).toBe(one);
        },
      ),
    );
  });
});

describe('missing-value strategies', () => {
  const g: CompareGroup = { left: ['a', 'b'], right: ['t'], at: {} };
  const m = cells({ a: num(3), t: num(10) }); // b is blank
  const allBlank = cells({});

  it('skip_if_any_missing skips as soon as one cell has no number', () => {
    expect(evaluateCompare(g, '=', undefined, 'skip_if_any_missing', m).outcome).toBe('skip');
    expect(
      evaluateCompare(g, '=', undefined, 'skip_if_any_missing', cells({ a: num(3), b: { value: { kind: 'not_known' } }, t: num(3) }))
        .outcome,
    ).toBe('skip');
  });

  it('skip_if_all_missing counts missing cells as zero unless all are missing', () => {
    expect(evaluateCompare(g, '=', undefined, 'skip_if_all_missing', m)).toMatchObject({ outcome: 'fail', left: 3, right: 10 });
    expect(evaluateCompare(g, '=', undefined, 'skip_if_all_missing', allBlank).outcome).toBe('skip');
  });

  it('never_skip evaluates even with nothing reported', () => {
    expect(evaluateCompare(g, '=', undefined, 'never_skip', allBlank).outcome).toBe('pass');
    expect(evaluateCompare(g, '<', undefined, 'never_skip', allBlank).outcome).toBe('fail');
  });
});

describe('validate', () => {
  const complete = {
    'victims|sex=T|age=T': num(100),
    'victims|sex=F|age=T': num(60),
    'victims|sex=M|age=T': num(40),
    'victims|sex=U|age=T': num(0),
    legislation: { value: { kind: 'boolean' as const, value: true } },
  };

  it('passes a consistent answer', () => {
    expect(validate(compiled, cells(complete))).toEqual([]);
  });

  it('reports a broken total with its cells and categories', () => {
    const r = validate(compiled, cells({ ...complete, 'victims|sex=F|age=T': num(70) }));
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({
      id: 'sex_total@victims|sex=T|age=T',
      ruleId: 'sex_total',
      severity: 'error',
      code: 'compare_failed',
      item: 'victims',
      categories: { sex: 'T', age: 'T' },
      params: { left: 110, op: '=', right: 100 },
    });
    expect(r[0]!.cells).toContain('victims|sex=F|age=T');
    expect(summarize(r).blocking).toHaveLength(1);
  });

  it('checks types, ranges and required cells', () => {
    const r = validate(
      compiled,
      cells({
        'victims|sex=T|age=T': num(10.5),
        'prosecuted|sex=T': num(-1),
        share_female: num(120),
        main_origins: { value: { kind: 'ranking', value: ['cocaine', 'cocaine'] } },
      }),
    );
    const byRule = Object.fromEntries(r.map((x) => [x.ruleId + ' ' + x.cell, x.code]));
    expect(byRule).toMatchObject({
      'type:victims victims|sex=T|age=T': 'wrong_type',
      'range:prosecuted prosecuted|sex=T': 'below_minimum',
      'range:share_female share_female': 'above_maximum',
      'type:main_origins main_origins': 'wrong_type',
      'required:legislation legislation': 'required',
    });
  });

  it('lets "not known" answer a required cell, while blank does not', () => {
    const base = { ...complete } as Record<string, Cell>;
    delete base['legislation'];
    expect(validate(compiled, cells(base)).map((r) => r.code)).toEqual(['required']);
    expect(validate(compiled, cells({ ...base, legislation: { value: { kind: 'not_known' } } }))).toEqual([]);
  });

  it('resolves a warning by a comment or an acknowledgement; a year-on-year jump needs a comment', () => {
    const answer = cells({ ...complete, 'prosecuted|sex=T': num(5), 'convicted|sex=T': num(9) });
    const [warning] = validate(compiled, answer);
    expect(warning).toMatchObject({ ruleId: 'convicted_le_prosecuted', severity: 'warning', resolved: false });
    expect(validate(compiled, answer, { acknowledged: new Set([warning!.id]) })[0]!.resolved).toBe(true);
    expect(
      validate(compiled, cells({ ...complete, 'prosecuted|sex=T': num(5), 'convicted|sex=T': num(9, 'includes older cases') }))[0]!
        .resolved,
    ).toBe(true);

    const previous = cells({ 'victims|sex=T|age=T': num(40) });
    const yoy = validate(compiled, cells(complete), { previous }).find((r) => r.ruleId === 'victims_yoy')!;
    expect(yoy).toMatchObject({ needsComment: true, resolved: false, params: { change: 150 } });
    expect(
      validate(compiled, cells(complete), { previous, acknowledged: new Set([yoy.id]) }).find((r) => r.ruleId === 'victims_yoy')!.resolved,
    ).toBe(false);
    const commented = { ...complete, 'victims|sex=T|age=T': num(100, 'new national referral mechanism') };
    expect(validate(compiled, cells(commented), { previous }).find((r) => r.ruleId === 'victims_yoy')!.resolved).toBe(true);
  });

  it('flags an outlier against the country history', () => {
    const history = new Map([['victims|sex=T|age=T', [20, 22, 25, 21, 23, 24]]]);
    const r = validate(compiled, cells(complete), { history });
    expect(r.find((x) => x.ruleId === 'victims_outlier')).toMatchObject({ severity: 'info', code: 'outlier_z' });
    expect(
      validate(
        compiled,
        cells({ ...complete, 'victims|sex=T|age=T': num(23), 'victims|sex=F|age=T': num(23), 'victims|sex=M|age=T': num(0) }),
        { history },
      ).find((x) => x.ruleId === 'victims_outlier'),
    ).toBeUndefined();
  });

  it('skips a requirement until its condition is answered', () => {
    const r = validate(compiled, cells({ legislation: complete.legislation, 'prosecuted|sex=T': num(3) }));
    expect(r.map((x) => x.ruleId)).toContain('prosecuted_needs_victims');
  });
});

describe('modified z-score', () => {
  it('is zero at the median and grows with distance', () => {
    expect(modifiedZ(5, [1, 5, 9])).toBe(0);
    expect(Math.abs(modifiedZ(100, [10, 11, 12, 13, 14]))).toBeGreaterThan(3.5);
    expect(modifiedZ(7, [7, 7, 7])).toBe(0);
    expect(modifiedZ(8, [7, 7, 7])).toBe(Number.POSITIVE_INFINITY);
  });
});
