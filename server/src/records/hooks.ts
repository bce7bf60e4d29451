/**
 * What else happens, in the same transaction, when records are committed: the analysis
 * rollups subscribe here, so that committed records are visible in analytics at once.
 */
import type { RecordDefinition } from '@observatory/core';
import type { Tx } from '../shared/context.js';

type Hook = (tx: Tx, definition: RecordDefinition, country: string, batch: number) => Promise<void>;
const hooks: Hook[] = [];

export function onCommit(hook: Hook): void {
  hooks.push(hook);
}

export async function onRecordsCommitted(tx: Tx, definition: RecordDefinition, country: string, batch: number): Promise<void> {
  for (const h of hooks) await h(tx, definition, country, batch);
}
