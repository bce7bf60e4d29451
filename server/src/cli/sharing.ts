/**
 * Sharing at the command line, for the office: show a collection's policy and every state's
 * choices, change the policy, list who viewed a state's records. A state's own choices are
 * its focal point's to make (web app or API), never the operator's.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { MAX_WINDOW_YEARS } from '@observatory/core';
import { DefinitionRegistry } from '../definitions/registry.js';
import { changePolicy, listViews, loadSharing } from '../sharing/commands.js';
import { asOperator, print, withDatabase } from './context.js';

const windowYears = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > MAX_WINDOW_YEARS)
    throw new InvalidArgumentError(`a whole number of years from 0 to ${MAX_WINDOW_YEARS}`);
  return n;
};

export function registerSharing(program: Command) {
  const sharing = program.command('sharing').description('Reciprocal sharing of record collections (VRS-MSRC, IDS, NPS)');

  sharing
    .command('show <collection>')
    .description('The policy and every state’s choices')
    .action(async (collection: string, _o: unknown, cmd: Command) => {
      await withDatabase(cmd, async (db) => {
        const def = await new DefinitionRegistry(db.kysely).recordDefinition(collection);
        const { policy, states } = await loadSharing({ trx: db.kysely }, def.collection);
        print(`${def.collection}: ${policy.reciprocal ? `reciprocal, window ${policy.windowYears} year(s)` : 'not reciprocal'}`);
        if (states.length === 0) print('  no state has made its choices yet');
        for (const s of states)
          print(
            `  ${s.country}  ${s.participates ? 'takes part' : 'does not take part'}; shares with ${
              s.audience === 'partners'
                ? `partners ${s.partners.join(', ') || '(none named)'}`
                : s.audience === 'all'
                  ? 'all participants'
                  : 'the office only'
            }; withholds ${s.withheldFields.join(', ') || 'nothing'}; restricted records ${s.releaseRestricted ? 'may' : 'may not'} be released`,
          );
      });
    });

  sharing
    .command('policy <collection>')
    .description('Set reciprocity and its window (years either side of a year the viewer contributed)')
    .requiredOption('--window <years>', 'years either side', windowYears)
    .option('--not-reciprocal', 'participants see each other’s data for every year, contributed or not')
    .action(async (collection: string, o: { window: number; notReciprocal?: boolean }, cmd: Command) => {
      const p = await withDatabase(cmd, async (db) => {
        const def = await new DefinitionRegistry(db.kysely).recordDefinition(collection);
        return asOperator(db, 'sharing', (tx) => changePolicy(tx, def.collection, { reciprocal: !o.notReciprocal, windowYears: o.window }));
      });
      print(`${p.collection}: ${p.reciprocal ? `reciprocal, window ${p.windowYears} year(s)` : 'not reciprocal'}`);
    });

  sharing
    .command('views <country> <collection>')
    .description('Who viewed a state’s records, newest first')
    .option('--limit <n>', 'how many', (v) => Number(v), 50)
    .action(async (country: string, collection: string, o: { limit: number }, cmd: Command) => {
      const views = await withDatabase(cmd, async (db) => {
        const def = await new DefinitionRegistry(db.kysely).recordDefinition(collection);
        return listViews({ trx: db.kysely }, def.collection, country.toUpperCase(), { limit: o.limit });
      });
      if (views.length === 0) print(`nobody has viewed ${country.toUpperCase()}’s ${collection} records`);
      for (const v of views)
        print(`${v.at}  ${v.viewer} (${v.viewerCountry ?? 'office'})  ${v.records} record(s)  ${JSON.stringify(v.query)}`);
    });
}
