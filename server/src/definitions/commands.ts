/** Adding versions of definitions and code lists: checked against the schema (route) and compiled here before storing. */
import { compileDefinition, DefinitionError, type CodeList, type Definition } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import type { Tx } from '../shared/context.js';
import { AppError, conflict } from '../shared/errors.js';
import type { DefinitionRegistry } from './registry.js';
import { codeListVersions, definitionVersions, insertCodeList, insertDefinition } from './repository.js';

export async function addDefinitionVersion(tx: Tx, registry: DefinitionRegistry, def: Definition): Promise<{ cells: number }> {
  const latest = (await definitionVersions(tx.trx)).get(def.id) ?? 0;
  if (def.version !== latest + 1)
    throw conflict(`definition ${def.id} is at version ${latest}; the next version must be ${latest + 1}`, '/body/version');
  let cells: number;
  try {
    cells = compileDefinition(def, await registry.codeLists(tx.trx)).cardinality.total;
  } catch (err) {
    if (err instanceof DefinitionError)
      throw new AppError(
        'validation_failed',
        400,
        err.message,
        `/body${err.problems[0]?.path ?? ''}`,
        err.problems.map((p) => ({ field: `/body${p.path}`, code: 'definition', message: p.message })),
      );
    throw err;
  }
  await insertDefinition(tx.trx, def, tx.actor.label);
  await appendAuditEvent(tx, {
    action: 'definition.added',
    objectType: 'definition',
    objectId: `${def.id}@${def.version}`,
    after: { cells, items: def.items.length },
  });
  return { cells };
}

export async function addCodeListVersion(tx: Tx, registry: DefinitionRegistry, list: CodeList): Promise<void> {
  const latest = (await codeListVersions(tx.trx)).get(list.id) ?? 0;
  if (list.version !== latest + 1)
    throw conflict(`code list ${list.id} is at version ${latest}; the next version must be ${latest + 1}`, '/body/version');
  const codes = new Set<string>();
  list.codes.forEach((c, i) => {
    if (codes.has(c.code)) throw new AppError('validation_failed', 400, `code ${c.code} appears twice`, `/body/codes/${i}/code`);
    codes.add(c.code);
  });
  list.codes.forEach((c, i) => {
    if (c.parent && !codes.has(c.parent))
      throw new AppError('validation_failed', 400, `parent ${c.parent} of ${c.code} is not in the list`, `/body/codes/${i}/parent`);
  });
  await insertCodeList(tx.trx, list, tx.actor.label);
  registry.invalidate();
  await appendAuditEvent(tx, {
    action: 'code_list.added',
    objectType: 'code_list',
    objectId: `${list.id}@${list.version}`,
    after: { codes: list.codes.length },
  });
}
