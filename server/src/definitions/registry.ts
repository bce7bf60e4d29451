/**
 * Definitions as the server uses them: the stored document, its code lists (the shipped
 * ones plus `country`, built from reporting units), compiled once per version and
 * reporting unit and kept in memory. Stored versions never change, so the cache only
 * has to notice new code-list versions.
 */
import type { Kysely } from 'kysely';
import { compileDefinition, type CodeList, type CompiledDefinition, type Definition, type RecordDefinition } from '@observatory/core';
import type { Database } from '../db/schema.js';
import { listReportingUnits } from '../reference/repository.js';
import { notFound } from '../shared/errors.js';
import { findDefinition, latestCodeLists } from './repository.js';

export const COUNTRY_LIST = 'country';

export class DefinitionRegistry {
  private lists: Promise<Map<string, CodeList>> | null = null;
  private readonly compiled = new Map<string, CompiledDefinition>();
  private readonly documents = new Map<string, Definition>();
  private readonly records = new Map<string, RecordDefinition>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Forget cached code lists and compiled definitions (after a new code-list version). */
  invalidate(): void {
    this.lists = null;
    this.compiled.clear();
    this.records.clear();
  }

  /**
   * Every lookup takes the executor to use: inside a transaction, pass it. On PGlite there
   * is one connection, so a query through the root handle while a transaction holds it
   * would wait forever.
   */
  codeLists(db: Kysely<Database> = this.db): Promise<Map<string, CodeList>> {
    this.lists ??= (async () => {
      const map = new Map((await latestCodeLists(db)).map((l) => [l.id, l]));
      const units = await listReportingUnits(db);
      map.set(COUNTRY_LIST, {
        id: COUNTRY_LIST,
        version: 1,
        names: {
          en: 'Country or area',
          fr: 'Pays ou zone',
          es: 'País o zona',
          ru: 'Страна или район',
          ar: 'البلد أو المنطقة',
          zh: '国家或地区',
        },
        codes: units.map((u) => ({ code: u.code, names: u.names as CodeList['codes'][number]['names'] })),
      });
      return map;
    })();
    return this.lists;
  }

  async document(id: string, version?: number, db: Kysely<Database> = this.db): Promise<Definition> {
    const cacheKey = version === undefined ? null : `${id}@${version}`;
    if (cacheKey && this.documents.has(cacheKey)) return this.documents.get(cacheKey)!;
    const row = await findDefinition(db, id, version);
    if (!row) throw notFound(version === undefined ? `definition ${id}` : `definition ${id} version ${version}`);
    const def = row.body as Definition;
    this.documents.set(`${id}@${row.version}`, def);
    return def;
  }

  /** The latest version of a record collection's definition. */
  async recordDefinition(collection: string, db: Kysely<Database> = this.db): Promise<RecordDefinition> {
    const hit = this.records.get(collection);
    if (hit) return hit;
    const row = await findDefinition(db, collection);
    const def = row?.body as RecordDefinition | undefined;
    if (!def || def.kind !== 'records') throw notFound(`record collection ${collection}`);
    this.records.set(collection, def);
    return def;
  }

  async compile(id: string, version: number, country?: string, db: Kysely<Database> = this.db): Promise<CompiledDefinition> {
    const key = `${id}@${version}@${country ?? '*'}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const def = await this.document(id, version, db);
    const result = compileDefinition(def, await this.codeLists(db), country ? { country } : {});
    this.compiled.set(key, result);
    return result;
  }
}
