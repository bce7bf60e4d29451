/**
 * Cell keys: one item for one code of each of its dimensions, in the item's dimension
 * order, e.g. `victims|sex=F|age=Y0T17`. Stable, readable in files and URLs, and the same
 * in the browser and the server.
 */
export const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const ID_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

export type Categories = Record<string, string>;

export function cellKey(item: string, dimensions: readonly string[], categories: Categories): string {
  let key = item;
  for (const d of dimensions) {
    const code = categories[d];
    if (code === undefined) throw new Error(`cell of ${item} lacks a code for dimension ${d}`);
    key += `|${d}=${code}`;
  }
  return key;
}

export function parseCellKey(key: string): { item: string; categories: Categories } {
  const [item, ...parts] = key.split('|');
  const categories: Categories = {};
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`malformed cell key ${key}`);
    categories[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return { item: item ?? '', categories };
}
