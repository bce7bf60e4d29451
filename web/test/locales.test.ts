/**
 * The six interface languages: every language has every English key, no extra ones, and
 * each message is valid ICU using the same arguments as English (a translation that
 * drops {count} or renames {name} would show the wrong text or crash formatting).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';

const LANGS = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;
type Tree = { [key: string]: string | Tree };

const load = (lang: string) => JSON.parse(readFileSync(new URL(`../src/locales/${lang}.json`, import.meta.url), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

interface AstNode {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstNode[] }>;
}

/** Argument names a message uses, including inside plural and select branches. */
function argumentsOf(nodes: AstNode[], into = new Set<string>()): Set<string> {
  for (const n of nodes) {
    // 0 = literal, 7 = pound (#), 8 = tag: no argument name.
    if (n.type !== 0 && n.type !== 7 && n.type !== 8 && typeof n.value === 'string') into.add(n.value);
    for (const option of Object.values(n.options ?? {})) argumentsOf(option.value, into);
  }
  return into;
}

const english = flatten(load('en'));

/** Proper names, and words that are spelt the same in some languages. */
const SAME_AS_ENGLISH = new Set(['app.name', 'grid.title', 'home.start.definition', 'queue.definition', 'common.actions', 'audit.action']);
const SAME_IN: Record<string, string[]> = {
  fr: [
    'units.ha',
    'home.admin.title',
    'grid.sections',
    'sharing.measure.incidents',
    'sharing.measure.migrants',
    'explorer.pages',
    'analysis.questionnaire',
    'analysis.pivot.total',
    'analysis.pivot.unitClass.volume',
  ],
  es: ['grid.flags.provisional', 'grid.severity.error', 'audit.hash'],
};

describe.each(LANGS)('locale %s', (lang) => {
  const messages = flatten(load(lang));

  it('has exactly the English keys', () => {
    expect([...messages.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !messages.has(k))).toEqual([]);
  });

  it('has valid ICU messages with the English arguments', () => {
    const problems: string[] = [];
    for (const [key, message] of messages) {
      try {
        const args = argumentsOf(new IntlMessageFormat(message, lang).getAst() as AstNode[]);
        const expected = argumentsOf(new IntlMessageFormat(english.get(key) ?? '', 'en').getAst() as AstNode[]);
        if ([...args].sort().join() !== [...expected].sort().join())
          problems.push(`${key}: uses {${[...args].join(', ')}}, English uses {${[...expected].join(', ')}}`);
      } catch (err) {
        problems.push(`${key}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is not left in English (apart from names, codes and symbols)', () => {
    if (lang === 'en') return;
    const same = [...messages].filter(([k, v]) => v === english.get(k) && /[a-z]{4,}/.test(v.replace(/\{[^}]*\}/g, '')));
    expect(same.map(([k]) => k).filter((k) => !SAME_AS_ENGLISH.has(k) && !(SAME_IN[lang] ?? []).includes(k))).toEqual([]);
  });
});
