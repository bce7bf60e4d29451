/** Content negotiation: SDMX-JSON / SDMX-CSV data, SDMX-JSON structures, the six languages. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LANGUAGES } from '../src/api/common.js';
import {
  chooseDataFormat,
  chooseLanguage,
  chooseStructureFormat,
  languageFromParam,
  SDMX_CSV_DATA,
  SDMX_JSON_DATA,
  SDMX_JSON_STRUCTURE,
  versionSatisfies,
} from '../src/sdmx/negotiate.js';

const json = { format: 'json', contentType: SDMX_JSON_DATA };
const csvId = { format: 'csv', labels: 'id', contentType: `${SDMX_CSV_DATA};charset=utf-8` };

describe('chooseDataFormat', () => {
  it('gives SDMX-JSON 2.0 without a header or for */* (the default of doc/data.md)', () => {
    expect(chooseDataFormat(undefined)).toEqual(json);
    expect(chooseDataFormat('')).toEqual(json);
    expect(chooseDataFormat('*/*')).toEqual(json);
    expect(chooseDataFormat('application/*')).toEqual(json);
  });

  it('recognises the SDMX media types, with or without version', () => {
    expect(chooseDataFormat('application/vnd.sdmx.data+json;version=2.0.0')).toEqual(json);
    expect(chooseDataFormat('application/vnd.sdmx.data+csv;version=2.0.0')).toEqual(csvId);
    expect(chooseDataFormat('application/vnd.sdmx.data+csv; version=2.0.0')).toEqual(csvId);
    expect(chooseDataFormat('application/vnd.sdmx.data+csv')).toEqual(csvId);
    expect(chooseDataFormat('APPLICATION/VND.SDMX.DATA+CSV;VERSION="2.0.0"')).toEqual(csvId);
  });

  it('answers plain text/csv and application/json with those types', () => {
    expect(chooseDataFormat('text/csv')).toEqual({ format: 'csv', labels: 'id', contentType: 'text/csv;charset=utf-8' });
    expect(chooseDataFormat('application/json')).toEqual({ format: 'json', contentType: 'application/json' });
  });

  it('reads SDMX-CSV labels=both and refuses options it cannot honour', () => {
    expect(chooseDataFormat('application/vnd.sdmx.data+csv;version=2.0.0;labels=both')).toEqual({
      format: 'csv',
      labels: 'both',
      contentType: `${SDMX_CSV_DATA};labels=both;charset=utf-8`,
    });
    expect(chooseDataFormat('text/csv; labels=both')).toMatchObject({ labels: 'both', contentType: 'text/csv;charset=utf-8' });
    expect(chooseDataFormat('application/vnd.sdmx.data+csv;version=2.0.0;labels=name')).toBeNull();
    expect(chooseDataFormat('application/vnd.sdmx.data+csv;version=2.0.0;timeFormat=normalized')).toBeNull();
    expect(chooseDataFormat('application/vnd.sdmx.data+csv;version=2.0.0;keys=both')).toBeNull();
    expect(chooseDataFormat('application/vnd.sdmx.data+csv;version=2.0.0;timeFormat=original;keys=none')).toEqual(csvId);
  });

  it('honours q-values, the client order on ties and q=0 refusals', () => {
    expect(chooseDataFormat('application/vnd.sdmx.data+json;version=2.0.0;q=0.5, application/vnd.sdmx.data+csv;version=2.0.0')).toEqual(
      csvId,
    );
    expect(chooseDataFormat('text/csv;q=0.9, application/json;q=0.8')).toMatchObject({ format: 'csv' });
    expect(chooseDataFormat('text/csv, application/json')).toMatchObject({ format: 'csv' });
    expect(chooseDataFormat('application/json, text/csv')).toMatchObject({ format: 'json' });
    expect(chooseDataFormat('*/*;q=0.1, text/csv')).toMatchObject({ format: 'csv' });
    // A more specific q=0 range refuses what */* would allow.
    expect(chooseDataFormat('application/*;q=0, */*')).toMatchObject({ format: 'csv', contentType: 'text/csv;charset=utf-8' });
    expect(chooseDataFormat('text/csv;q=0')).toBeNull();
  });

  it('answers null (406) for formats it does not produce', () => {
    expect(chooseDataFormat('application/xml')).toBeNull();
    expect(chooseDataFormat('application/vnd.sdmx.data+xml;version=3.0.0')).toBeNull();
    expect(chooseDataFormat('application/vnd.sdmx.data+json;version=1.0.0')).toBeNull();
    expect(chooseDataFormat('application/vnd.sdmx.data+csv;version=1.0.0')).toBeNull();
    expect(chooseDataFormat('text/html, application/xhtml+xml, application/xml;q=0.9')).toBeNull();
    expect(chooseDataFormat('garbage')).toBeNull();
  });

  it('takes semantic-version wildcards (doc/content_negotiation.md)', () => {
    expect(chooseDataFormat('application/vnd.sdmx.data+json;version=2.0.0+')).toEqual(json);
    expect(chooseDataFormat('application/vnd.sdmx.data+csv;version=2+.0.0')).toEqual(csvId);
    expect(chooseDataFormat('application/vnd.sdmx.data+json;version=1+.0.0')).toEqual(json);
    expect(chooseDataFormat('application/vnd.sdmx.data+json;version=2.1+.0')).toBeNull();
    expect(versionSatisfies('2.0.0', '2.0')).toBe(true);
    expect(versionSatisfies('2.0.0', '2.0.1+')).toBe(false);
    expect(versionSatisfies('2.0.0', '1.0+.0')).toBe(false);
    expect(versionSatisfies('2.0.0', 'two')).toBe(false);
  });

  it('lets the format query parameter win over Accept (doc/extend.md)', () => {
    expect(chooseDataFormat('application/json', 'csvdata')).toEqual(csvId);
    expect(chooseDataFormat('text/csv', 'jsondata')).toEqual(json);
    expect(chooseDataFormat(undefined, 'csvfilewithlabels')).toMatchObject({ format: 'csv', labels: 'both' });
    expect(chooseDataFormat(undefined, 'application/vnd.sdmx.data+csv;version=2.0.0;labels=both')).toMatchObject({ labels: 'both' });
    expect(chooseDataFormat(undefined, 'csvdata', '2.0.0')).toEqual(csvId);
    expect(chooseDataFormat(undefined, 'csvdata', '1.0.0')).toBeNull();
    expect(chooseDataFormat('*/*', 'structurespecificdata')).toBeNull();
    expect(chooseDataFormat('text/csv', '  ')).toMatchObject({ format: 'csv' });
  });

  it('prefers any offer whose range has the highest q (property)', () => {
    const offers = [
      'application/vnd.sdmx.data+json;version=2.0.0',
      'application/json',
      'application/vnd.sdmx.data+csv;version=2.0.0',
      'text/csv',
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(offers, { minLength: 1 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 4 }),
        (types, qs) => {
          const header = types.map((t, i) => `${t};q=0.${qs[i]}`).join(', ');
          const best = Math.max(...types.map((_, i) => qs[i]!));
          const winner = types.find((_, i) => qs[i] === best)!;
          expect(chooseDataFormat(header)?.format).toBe(winner.includes('csv') ? 'csv' : 'json');
        },
      ),
    );
  });
});

describe('chooseStructureFormat', () => {
  it('gives SDMX-JSON structure 2.0 for its type, application/json, */* and no header', () => {
    const structure = { format: 'json', contentType: SDMX_JSON_STRUCTURE };
    expect(chooseStructureFormat(undefined)).toEqual(structure);
    expect(chooseStructureFormat('*/*')).toEqual(structure);
    expect(chooseStructureFormat('application/vnd.sdmx.structure+json;version=2.0.0')).toEqual(structure);
    expect(chooseStructureFormat('application/json')).toEqual({ format: 'json', contentType: 'application/json' });
    expect(chooseStructureFormat('application/vnd.sdmx.structure+xml;version=3.0.0')).toBeNull();
    expect(chooseStructureFormat('application/vnd.sdmx.structure+json;version=1.0.0')).toBeNull();
    expect(chooseStructureFormat('text/csv')).toBeNull();
    expect(chooseStructureFormat('text/csv', 'jsonstructure')).toEqual(structure);
    expect(chooseStructureFormat(undefined, 'structure')).toBeNull(); // SDMX-ML in doc/extend.md
  });
});

describe('languages', () => {
  it('picks the best of the six UN languages from Accept-Language', () => {
    expect(chooseLanguage(undefined)).toBe('en');
    expect(chooseLanguage('')).toBe('en');
    expect(chooseLanguage('fr-CH, fr;q=0.9, en;q=0.8')).toBe('fr');
    expect(chooseLanguage('ru, en-gb;q=0.8, en;q=0.7')).toBe('ru');
    expect(chooseLanguage('de-DE, es;q=0.5')).toBe('es');
    expect(chooseLanguage('en;q=0.5, ar')).toBe('ar');
    expect(chooseLanguage('zh-Hans-CN')).toBe('zh');
    expect(chooseLanguage('ZH-TW;q=0.8, de')).toBe('zh');
    expect(chooseLanguage('de, ja')).toBe('en');
    expect(chooseLanguage('*')).toBe('en');
    expect(chooseLanguage('en;q=0, *')).toBe('ar');
    expect(chooseLanguage('fr;q=0, fr-CA')).toBe('en');
    expect(chooseLanguage('es;q=abc')).toBe('es'); // an unreadable q counts as 1
  });

  it('takes any of the six with a region or script (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LANGUAGES),
        fc.constantFrom('', '-XX', '-Latn', '-419'),
        fc.constantFrom('', ';q=0.3', ';q=1'),
        (lang, suffix, q) => {
          expect(chooseLanguage(`de;q=0.2, ${lang.toUpperCase()}${suffix}${q}`)).toBe(lang);
        },
      ),
    );
  });

  it('reads the lang query parameter, all included; unknown languages give null (406)', () => {
    expect(languageFromParam('fr-CH')).toEqual({ lang: 'fr', all: false });
    expect(languageFromParam('ALL')).toEqual({ lang: 'en', all: true });
    expect(languageFromParam('de')).toBeNull();
  });
});
