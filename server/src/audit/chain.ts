/**
 * The audit hash chain: each event's hash covers its content and the previous event's
 * hash, canonicalised with RFC 8785 (JSON Canonicalization Scheme) so that the bytes
 * hashed do not depend on key order or on how the database stores JSON.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  country: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export function eventHash(content: ChainedContent, prevHash: string): string {
  const text = canonicalJson({ ...content, before: content.before ?? null, after: content.after ?? null, prevHash });
  return createHash('sha256').update(text).digest('hex');
}

/** Makes a value JSON-safe and stable through jsonb: drops undefined, dates become ISO strings. */
export function jsonSafe(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
