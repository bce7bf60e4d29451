/**
 * The shipped collection definitions, code lists and history mappings (core/definitions/*.json):
 * they pass the schema, compile against the shipped code lists plus a `country` list built like
 * the server's (ISO 3166-1 alpha-3 from server/reference/UNSD-en.csv and the office's units),
 * stay within the cell limits, and every mapping points at items, dimensions and codes that exist.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  CodeListSchema,
  compileDefinition,
  DefinitionSchema,
  HISTORY_LAYOUTS,
  LANGUAGES,
  MAX_CELLS_PER_DEFINITION,
  MAX_CELLS_PER_ITEM,
  type CodeList,
  type CompiledDefinition,
  type Definition,
  type Names,
} from '../src/index.js';
import {
  SHIPPED_CODE_LISTS,
  SHIPPED_DEFINITIONS,
  SHIPPED_HISTORY_MAPPINGS,
  SHIPPED_RECORD_DEFINITIONS,
} from '../src/definitions/shipped.js';
import { allFields } from '../src/records/validate.js';

const OFFICE_UNITS = ['GBR_E_W', 'GBR_S', 'GBR_NI', 'XKX', 'IRQ_C', 'IRQ_KRI'];

function countryList(): CodeList {
  const text = readFileSync(new URL('../../server/reference/UNSD-en.csv', import.meta.url), 'utf8');
  const rows = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const iso = rows.filter((r) => r['ISO-alpha3 Code']).map((r) => ({ code: r['ISO-alpha3 Code']!, names: { en: r['Country or Area']! } }));
  return {
    id: 'country',
    version: 1,
    names: { en: 'Country or area' },
    codes: [...iso, ...OFFICE_UNITS.map((code) => ({ code, names: { en: code } }))],
  };
}

const country = countryList();
const lists = new Map<string, CodeList>([...SHIPPED_CODE_LISTS.map((l) => [l.id, l] as const), [country.id, country]]);
const definitions = new Map<string, Definition>(SHIPPED_DEFINITIONS.map((d) => [d.id, d]));

const schemaErrors = (schema: TSchema, doc: unknown) => Value.Errors(schema, doc).map((e) => `${e.instancePath} ${e.message}`);

/** Every label of a definition, with where it is. */
function* labels(def: Definition): Generator<[string, Names]> {
  yield ['title', def.title];
  if (def.description) yield ['description', def.description];
  for (const s of def.sections) {
    yield [`section ${s.id}`, s.label];
    if (s.help) yield [`section ${s.id} help`, s.help];
  }
  for (const d of def.dimensions) yield [`dimension ${d.id}`, d.label];
  for (const i of def.items) {
    yield [`item ${i.id}`, i.label];
    if (i.help) yield [`item ${i.id} help`, i.help];
  }
  for (const r of def.rules) if (r.message) yield [`rule ${r.id} message`, r.message];
}

const missingLanguages = (names: Names) => LANGUAGES.filter((l) => !names[l]?.trim());

describe('shipped code lists', () => {
  it('has unique ids and includes every list the definitions use', () => {
    const ids = SHIPPED_CODE_LISTS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('country');
    const used = SHIPPED_DEFINITIONS.flatMap((d) => [
      ...d.dimensions.map((x) => x.codeList),
      ...d.items.flatMap((i) => (i.codeList ? [i.codeList] : [])),
    ]);
    expect([...new Set(used)].filter((id) => !lists.has(id))).toEqual([]);
  });

  it.each(SHIPPED_CODE_LISTS.map((l) => [l.id, l] as const))('%s passes the schema and is consistent', (_id, list) => {
    expect(schemaErrors(CodeListSchema, list)).toEqual([]);
    expect(list.version).toBe(1);
    const codes = list.codes.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(list.codes.filter((c) => c.total).length).toBeLessThanOrEqual(1);
    // Parents are codes of the same list, except for lists of sub-national units, whose parent is the reporting unit.
    const perCountry = SHIPPED_DEFINITIONS.some((d) => d.dimensions.some((x) => x.perCountry && x.codeList === list.id));
    const parents = perCountry ? new Set(country.codes.map((c) => c.code)) : new Set(codes);
    expect(list.codes.filter((c) => c.parent != null && !parents.has(c.parent)).map((c) => `${c.code} -> ${c.parent}`)).toEqual([]);
    expect(list.codes.filter((c) => c.parent === c.code).map((c) => c.code)).toEqual([]);
    expect([list.names, ...list.codes.map((c) => c.names)].filter((n) => missingLanguages(n).length > 0).map((n) => n.en)).toEqual([]);
  });

  it('keeps a drug hierarchy of groups, sub-groups and drugs', () => {
    const drug = lists.get('drug')!;
    const byCode = new Map(drug.codes.map((c) => [c.code, c]));
    const depth = (code: string): number => {
      const parent = byCode.get(code)?.parent;
      return parent ? 1 + depth(parent) : 0;
    };
    for (const c of drug.codes) {
      const d = depth(c.code);
      if (c.code.startsWith('G_')) expect(d, c.code).toBe(0);
      else if (c.code.startsWith('SG_')) expect(d, c.code).toBe(1);
      else expect(d, c.code).toBe(2);
    }
  });
});

describe('shipped definitions', () => {
  it.each(SHIPPED_DEFINITIONS.map((d) => [d.id, d] as const))('%s passes the schema and has every label in six languages', (_id, def) => {
    expect(schemaErrors(DefinitionSchema, def)).toEqual([]);
    expect(def.collection).toBe(def.id);
    expect(def.version).toBe(1);
    expect(def.deadline).toBeDefined();
    const incomplete = [...labels(def)]
      .filter(([, names]) => missingLanguages(names).length > 0)
      .map(([where, names]) => `${where}: ${missingLanguages(names).join(',')}`);
    expect(incomplete).toEqual([]);
  });

  it.each(SHIPPED_DEFINITIONS.map((d) => [d.id, d] as const))('%s compiles within the cell limits', (_id, def) => {
    const compiled = compileDefinition(def, lists);
    const { total, perItem } = compiled.cardinality;
    console.info(
      `${def.id}: ${total.toLocaleString('en')} cells, ${compiled.rules.length} rules (${def.rules.length} declared); per item: ${JSON.stringify(perItem)}`,
    );
    expect(total).toBeLessThanOrEqual(MAX_CELLS_PER_DEFINITION);
    for (const [item, n] of Object.entries(perItem)) expect(n, item).toBeLessThanOrEqual(MAX_CELLS_PER_ITEM);
    for (const item of def.items) expect(perItem[item.id], item.id).toBeGreaterThan(0);
    // Every declared rule plans at least one check.
    for (const rule of compiled.rules.filter((r) => r.source)) {
      const p = rule.plan;
      const size = p.kind === 'compare' ? p.groups.length : p.kind === 'requires' ? p.pairs.length : p.cells.length;
      expect(size, rule.id).toBeGreaterThan(0);
    }
  });

  it.each(['AFG', 'COL'])('compiles for %s, asking only its own provinces', (unit) => {
    for (const def of SHIPPED_DEFINITIONS) {
      const compiled = compileDefinition(def, lists, { country: unit });
      for (const dim of def.dimensions.filter((d) => d.perCountry)) {
        const asked = compiled.dimensionCodes.get(dim.id)!;
        expect(asked.length, `${def.id} ${dim.id}`).toBeGreaterThan(0);
        const own = new Set(
          lists
            .get(dim.codeList)!
            .codes.filter((c) => c.parent === unit)
            .map((c) => c.code),
        );
        expect(asked.every((c) => own.has(c))).toBe(true);
      }
    }
  });

  it('fills rate items only by the office', () => {
    for (const def of SHIPPED_DEFINITIONS)
      for (const item of def.items.filter((i) => i.unit === 'rate_per_100k')) expect(item.readonly, `${def.id} ${item.id}`).toBe(true);
  });
});

describe('shipped record definitions', () => {
  it.each(SHIPPED_RECORD_DEFINITIONS.map((d) => [d.id, d] as const))(
    '%s has every label in six languages, evaluation fields included, and code lists that exist',
    (_id, def) => {
      const named: Array<[string, Names]> = [['title', def.title]];
      for (const f of allFields(def)) {
        named.push([`field ${f.id}`, f.label]);
        if (f.help) named.push([`field ${f.id} help`, f.help]);
      }
      const incomplete = named
        .filter(([, names]) => missingLanguages(names).length > 0)
        .map(([where, names]) => `${where}: ${missingLanguages(names).join(',')}`);
      expect(incomplete).toEqual([]);
      const unknown = allFields(def).flatMap((f) => (f.codeList && !lists.has(f.codeList) ? [`${f.id}: ${f.codeList}`] : []));
      expect(unknown).toEqual([]);
    },
  );
});

describe('shipped history mappings', () => {
  const compiled = new Map<string, CompiledDefinition>(SHIPPED_DEFINITIONS.map((d) => [d.id, compileDefinition(d, lists)]));

  it('has unique ids', () => {
    const ids = SHIPPED_HISTORY_MAPPINGS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(SHIPPED_HISTORY_MAPPINGS.map((m) => [m.id, m] as const))('%s references existing items, dimensions and codes', (_id, mapping) => {
    expect(HISTORY_LAYOUTS).toContain(mapping.layout);
    expect(['sum', 'keep_first']).toContain(mapping.duplicates);
    expect(mapping.description.length).toBeGreaterThan(20);
    const def = definitions.get(mapping.definition);
    expect(def, mapping.definition).toBeDefined();
    const c = compiled.get(mapping.definition)!;
    const problems: string[] = [];
    const asked = (dim: string, code: string) => c.dimensionCodes.get(dim)?.includes(code) ?? false;
    mapping.rules.forEach((rule, i) => {
      const where = `rule ${i} (${JSON.stringify(rule.match)})`;
      if (Object.keys(rule.match).length === 0) problems.push(`${where}: empty match`);
      const item = c.itemById.get(rule.item);
      if (!item) return problems.push(`${where}: unknown item ${rule.item}`);
      const filled = [...Object.keys(rule.categories ?? {}), ...Object.keys(rule.fromColumns ?? {})];
      if (new Set(filled).size !== filled.length) problems.push(`${where}: a dimension is filled twice`);
      if ([...filled].sort().join() !== [...item.dimensions].sort().join())
        problems.push(
          `${where}: fills ${filled.join(', ') || 'nothing'} but ${item.id} has ${item.dimensions.join(', ') || 'no dimensions'}`,
        );
      for (const [dim, code] of Object.entries(rule.categories ?? {}))
        if (!asked(dim, code)) problems.push(`${where}: ${dim}=${code} is not asked`);
      for (const dim of Object.keys(rule.fromColumns ?? {})) if (!mapping.synonyms[dim]) problems.push(`${where}: no synonyms for ${dim}`);
      if (rule.rateItem) {
        const rate = c.itemById.get(rule.rateItem);
        if (!rate) problems.push(`${where}: unknown rate item ${rule.rateItem}`);
        else {
          if (rate.dimensions.join() !== item.dimensions.join()) problems.push(`${where}: ${rate.id} and ${item.id} differ in dimensions`);
          if (!rate.readonly) problems.push(`${where}: rate item ${rate.id} is not read-only`);
        }
      }
    });
    for (const [dim, table] of Object.entries(mapping.synonyms)) {
      if (!c.dimensionCodes.has(dim)) problems.push(`synonyms for unknown dimension ${dim}`);
      else
        for (const [label, code] of Object.entries(table))
          if (!asked(dim, code)) problems.push(`synonym ${dim}: "${label}" -> ${code} is not asked`);
    }
    for (const ig of mapping.ignore ?? []) if (!ig.reason.trim()) problems.push(`ignore ${JSON.stringify(ig.match)} has no reason`);
    expect(problems).toEqual([]);
  });
});
