/**
 * RFC 8785 canonical JSON (via `canonicalize`): the same bytes for the same value whatever
 * the key order, so hashes survive a round trip through jsonb.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// A CommonJS module whose typings claim an ES default export; take the function either way.
type Canonicalize = (input: unknown) => string | undefined;
const canonicalize: Canonicalize =
  (canonicalizeModule as unknown as { default?: Canonicalize }).default ?? (canonicalizeModule as unknown as Canonicalize);

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return text;
}

export const canonicalDigest = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');
