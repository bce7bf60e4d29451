/**
 * The names of the published structures (dataflows, dimensions, attributes and the code lists
 * the server defines itself) exist in the six languages, so SDMX messages and the release
 * preview fall back to English only for names that come from elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Names } from '@observatory/core';
import { SHIPPED_DEFINITIONS } from '@observatory/core/shipped';
import { ATTRIBUTE_LISTS, definitionFlow, RECORD_FLOWS, RECORD_LISTS, SPECIAL_CODES } from '../../src/dissemination/structures.js';

/** Every object with an English name under `value`, with where it is. */
function* namesIn(value: unknown, where: string): Generator<[string, Names]> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* namesIn(v, `${where}[${i}]`);
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.en === 'string') yield [where, o as Names];
    else for (const [k, v] of Object.entries(o)) yield* namesIn(v, `${where}.${k}`);
  }
}

const incomplete = (value: unknown, where: string) =>
  [...namesIn(value, where)].flatMap(([at, names]) => {
    const missing = LANGUAGES.filter((l) => !names[l]?.trim());
    return missing.length ? [`${at} (${names.en}): ${missing.join(',')}`] : [];
  });

describe('dissemination structures', () => {
  it('name record dataflows, their dimensions and attributes in six languages', () => {
    expect(Object.keys(RECORD_FLOWS).length).toBeGreaterThan(0);
    expect(incomplete(RECORD_FLOWS, 'RECORD_FLOWS')).toEqual([]);
  });

  it('name the code lists the server defines, and every code in them, in six languages', () => {
    expect(incomplete(RECORD_LISTS, 'RECORD_LISTS')).toEqual([]);
    expect(incomplete(ATTRIBUTE_LISTS, 'ATTRIBUTE_LISTS')).toEqual([]);
    expect(incomplete(SPECIAL_CODES, 'SPECIAL_CODES')).toEqual([]);
  });

  it.each(SHIPPED_DEFINITIONS.map((d) => [d.id, d] as const))(
    'name the %s dataflow and its indicator list in six languages',
    (_id, def) => {
      const { flow, lists } = definitionFlow(def);
      expect(incomplete(flow, flow.id)).toEqual([]);
      expect(
        incomplete(
          lists.map((l) => l.names),
          'indicator list',
        ),
      ).toEqual([]);
      expect(lists[0]!.names.zh).toContain(def.title.zh);
    },
  );
});
