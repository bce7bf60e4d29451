/** `observatory duplicates`: review records flagged as possible duplicates, as the web page and the API do. */
import type { Command } from 'commander';
import type { RecordDefinition } from '@observatory/core';
import { DefinitionRegistry } from '../definitions/registry.js';
import { possibleDuplicates, reviewDuplicate } from '../records/duplicates.js';
import { asOperator, print, withDatabase } from './context.js';

const whole = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a whole number: ${v}`);
  return n;
};
/** A page size, as the API allows it. */
const pageSize = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new Error(`--limit must be a whole number from 1 to 200, not "${v}"`);
  return n;
};

/** A record on one line: its place, then the fields that identify the event. */
const describe = (def: RecordDefinition, r: Record<string, unknown>) =>
  `${String(r['id'])}  batch ${String(r['batch'])} line ${String(r['line'])}  ${def.fingerprint
    .map((f) => (Array.isArray(r[f]) ? (r[f] as unknown[]).join(';') : String(r[f] ?? '–')))
    .join(' · ')}`;

export function registerDuplicates(program: Command) {
  const duplicates = program.command('duplicates').description('Records flagged as possible duplicates: list them, and decide on each');

  duplicates
    .command('list <country> <collection>')
    .description('Flagged records, oldest first, each with the stored records it looks like')
    .option('--after <id>', 'start after this record id (the next page)', whole)
    .option('--limit <n>', 'how many (1-200)', pageSize, 50)
    .option('--json', 'print the API’s JSON')
    .action(async (country: string, collection: string, o: { after?: number; limit: number; json?: boolean }, cmd: Command) => {
      const { def, page } = await withDatabase(cmd, async (db) => {
        const def = await new DefinitionRegistry(db.kysely).recordDefinition(collection);
        return { def, page: await possibleDuplicates(db.kysely, def, country.toUpperCase(), { afterId: o.after, limit: o.limit }) };
      });
      if (o.json) return print(JSON.stringify(page, null, 2));
      print(`${page.total} record(s) of ${country.toUpperCase()} flagged as possible duplicates (${def.fingerprint.join(' · ')})`);
      for (const d of page.duplicates) {
        print(describe(def, d.record));
        for (const t of d.twins) print(`    looks like ${describe(def, t)}`);
      }
      if (page.next !== null) print(`more: --after ${page.next}`);
    });

  duplicates
    .command('review <country> <collection> <id>')
    .description('Keep a flagged record as distinct, or remove it as a duplicate of a twin that stays')
    .option('--distinct', 'not a duplicate: the flag goes')
    .option('--remove', 'a duplicate: the record goes (its values stay in the audit log)')
    .action(async (country: string, collection: string, id: string, o: { distinct?: boolean; remove?: boolean }, cmd: Command) => {
      if (Boolean(o.distinct) === Boolean(o.remove)) throw new Error('say --distinct or --remove');
      const r = await withDatabase(cmd, async (db) => {
        const def = await new DefinitionRegistry(db.kysely).recordDefinition(collection);
        return asOperator(db, 'duplicates', (tx) =>
          reviewDuplicate(tx, def, country.toUpperCase(), whole(id), o.remove ? 'duplicate' : 'distinct'),
        );
      });
      print(
        `${r.id}: ${r.decision === 'duplicate' ? 'removed as a duplicate' : 'kept as distinct'}; ${r.remaining} flagged record(s) left`,
      );
    });
}
