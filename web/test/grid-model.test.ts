/**
 * The questionnaire's pure model, without a browser: typed text to values in each
 * language, the table layout of the shipped definitions, and what a country user must do
 * next.
 */
import { describe, expect, it } from 'vitest';
import type { CodeList, Definition, Item, SubmissionView } from '@observatory/core';
import { SHIPPED_CODE_LISTS, SHIPPED_DEFINITIONS } from '@observatory/core/shipped';
import { compileForCountry } from '../src/features/questionnaire/model/compile.js';
import { layoutItem } from '../src/features/questionnaire/model/layout.js';
import { makeValueFormatter, parseCellText } from '../src/features/questionnaire/model/valueText.js';
import { todosOf } from '../src/features/home/todo.js';

const integer = { id: 'n', section: 's', label: { en: 'n' }, type: 'integer', dimensions: [] } as Item;
const specials = { notKnown: 'NC', notApplicable: 'SO' };

describe('typed values', () => {
  it('reads numbers the way each language writes them', () => {
    expect(parseCellText('1 234,5', integer, { lang: 'fr', specials })).toEqual({ ok: true, value: { kind: 'number', value: 1234.5 } });
    expect(parseCellText('1,234', integer, { lang: 'en', specials })).toEqual({ ok: true, value: { kind: 'number', value: 1234 } });
    expect(parseCellText('١٢٣٫٥', integer, { lang: 'ar', specials })).toEqual({ ok: true, value: { kind: 'number', value: 123.5 } });
    expect(parseCellText('12,5', integer, { lang: 'en', specials })).toEqual({ ok: false, error: 'decimal' });
    expect(parseCellText('1.5', integer, { lang: 'fr', specials })).toEqual({ ok: false, error: 'grouping' });
    expect(parseCellText('abc', integer, { lang: 'en', specials })).toEqual({ ok: false, error: 'number' });
    expect(parseCellText('  ', integer, { lang: 'en', specials })).toEqual({ ok: true, value: null });
  });

  it('reads "not known" and "not applicable" in the language and as NK / NA', () => {
    expect(parseCellText('nc', integer, { lang: 'fr', specials })).toEqual({ ok: true, value: { kind: 'not_known' } });
    expect(parseCellText('S.O.', integer, { lang: 'fr', specials })).toEqual({ ok: true, value: { kind: 'not_applicable' } });
    expect(parseCellText('NK', integer, { lang: 'fr', specials })).toEqual({ ok: true, value: { kind: 'not_known' } });
  });

  it('formats for typing without grouping, and for reading with it', () => {
    const f = makeValueFormatter('fr', specials, { yes: 'oui', no: 'non' }, (_l, c) => c);
    expect(f.input({ kind: 'number', value: 1234.5 })).toBe('1234,5');
    expect(f.display({ kind: 'number', value: 1234.5 })).toBe('1\u202f234,5');
    expect(f.display({ kind: 'not_applicable' })).toBe('SO');
    expect(f.display({ kind: 'ranking', value: ['COL', 'PER'] }, 'country')).toBe('COL › PER');
  });
});

describe('layout of the shipped questionnaires', () => {
  const units = [
    { code: 'COL', names: { en: 'Colombia' } },
    ...Array.from({ length: 80 }, (_, i) => ({
      code: `X${String(i).padStart(2, '0')}`.replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!),
      names: { en: `U${i}` },
    })),
  ].map(
    (u) =>
      ({
        ...u,
        kind: 'country',
        iso2: null,
        m49: null,
        parent: null,
        region: null,
        subregion: null,
        intermediateRegion: null,
        validFrom: null,
        validTo: null,
      }) as const,
  );
  const bundle = (id: string) => {
    const definition = SHIPPED_DEFINITIONS.find((d: Definition) => d.id === id)!;
    return { definition, codeLists: SHIPPED_CODE_LISTS as CodeList[] };
  };

  it('lays out GLOTIP victims as one table per age group, forms of exploitation by sex', () => {
    const compiled = compileForCountry(bundle('glotip'), units, 'COL');
    const layout = layoutItem(compiled, compiled.itemById.get('victims')!);
    expect(layout.rows!.dimension.id).toBe('exploitation');
    expect(layout.columns!.dimension.id).toBe('sex');
    expect(layout.groups.map((g) => g.at['age'])).toEqual(['T', 'Y0T17', 'Y_GE18', 'UNK']);
    expect(layout.keyAt('T', 'F', layout.groups[1]!)).toBe('victims|exploitation=T|sex=F|age=Y0T17');
    // Sub-forms sit under "other forms": indented, and their parent is a subtotal row.
    expect(layout.rows!.codes.find((c) => c.code === 'BEGGING')!.depth).toBe(1);
    expect(layout.rows!.codes.find((c) => c.code === 'OTHER')!.group).toBe(true);
  });

  it('shows a country-list dimension as sparse rows', () => {
    const compiled = compileForCountry(bundle('glotip'), units, 'COL');
    expect(layoutItem(compiled, compiled.itemById.get('victims_by_citizenship')!).sparse).toBe(true);
  });

  it('shows only the combinations an item asks', () => {
    const compiled = compileForCountry(bundle('cts'), units, 'COL');
    const item = compiled.itemById.get('persons_contact')!;
    const layout = layoutItem(compiled, item);
    const asked = layout.groups.flatMap((g) =>
      layout.rows!.codes.flatMap((r) => layout.columns!.codes.map((c) => layout.keyAt(r.code, c.code, g))),
    );
    expect(asked.filter((k) => k !== null)).toHaveLength(item.combinations!.length);
  });
});

describe('what to do next', () => {
  const base = {
    id: 'a',
    definition: 'glotip',
    period: '2024',
    state: 'draft',
    overdue: false,
    openQueries: 0,
    canEdit: true,
    actions: ['submit'],
    deadline: '2025-05-31',
  } as unknown as SubmissionView;

  it('puts returned questionnaires and queries first, and tells providers to fill their sections', () => {
    const todos = todosOf([
      { ...base, id: 'draft' },
      { ...base, id: 'returned', state: 'returned' },
      { ...base, id: 'queried', state: 'queried', openQueries: 2 },
      { ...base, id: 'provider', actions: [] },
      { ...base, id: 'accepted', state: 'accepted', canEdit: false, actions: [] },
    ]);
    expect(todos.map((t) => [t.submission.id, t.kind])).toEqual([
      ['returned', 'returned'],
      ['queried', 'answer_queries'],
      ['draft', 'draft'],
      ['provider', 'fill_sections'],
    ]);
  });
});
