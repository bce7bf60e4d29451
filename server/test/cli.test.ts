/** The observatory command line, run in-process against a real database of this run's engine. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { createCliDatabase } from './helpers/db.js';
import { IDS_HEADER } from './helpers/records.js';

let target: { args: string[]; cleanup(): Promise<void> };
let dir: string;

async function cli(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  const previous = process.exitCode;
  process.exitCode = 0;
  try {
    if (stdin !== undefined) {
      const { Readable } = await import('node:stream');
      vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([Buffer.from(stdin)]) as unknown as typeof process.stdin);
    }
    await main(['node', 'observatory', ...target.args, ...args]);
    return { code: Number(process.exitCode ?? 0), out, err };
  } finally {
    process.exitCode = previous;
    o.mockRestore();
    e.mockRestore();
    vi.restoreAllMocks();
  }
}

beforeAll(async () => {
  target = await createCliDatabase();
  dir = await mkdtemp(join(tmpdir(), 'observatory-cli-files-'));
});
afterAll(async () => {
  await target?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('observatory CLI', () => {
  it('migrates idempotently', async () => {
    expect((await cli(['migrate'])).out).toMatch(/up to date/);
  });

  it('adds, lists and disables users; tokens are created and revoked', async () => {
    const add = await cli(
      ['users', 'add', '--email', 'cli.user@example.org', '--name', 'CLI user', '--role', 'provider:col:ids,arq', '--role', 'analyst'],
      'a very long cli password',
    );
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/created cli.user@example.org/);
    expect(add.out).not.toContain('a very long cli password');

    const bad = await cli(['users', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'wizard']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/unknown role/);

    expect((await cli(['users', 'list'])).out).toMatch(/cli\.user@example\.org\s+active\s+analyst provider:COL:arq,ids/);

    const token = await cli([
      'tokens',
      'create',
      '--user',
      'cli.user@example.org',
      '--name',
      'etl',
      '--scope',
      'read',
      '--scope',
      'write',
      '--days',
      '7',
    ]);
    expect(token.out).toMatch(/secret \(shown once\): obs_/);
    const id = /token ([0-9a-f-]{36})/.exec(token.out)![1]!;
    expect((await cli(['tokens', 'list', '--user', 'cli.user@example.org'])).out).toContain(id);
    expect((await cli(['tokens', 'revoke', id])).code).toBe(0);
    expect((await cli(['tokens', 'list', '--user', 'cli.user@example.org'])).out).toMatch(/revoked/);

    expect((await cli(['users', 'disable', 'cli.user@example.org'])).out).toMatch(/disabled/);
    expect((await cli(['users', 'disable', 'nobody@example.org'])).code).toBe(4);
  });

  it('verifies the audit chain, and backs up and restores', async () => {
    const verify = await cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/audit chain intact: \d+ events verified/);
    const file = join(dir, 'cli.backup.gz');
    expect((await cli(['backup', file])).out).toMatch(/backup written/);
    expect((await cli(['restore', file])).err).toMatch(/not empty/);
    const restored = await cli(['restore', '--force', file]);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/every table matches the backup/);
  });

  it('imports a published file (dry run first) and exports a submission as a workbook', async () => {
    const file = new URL('./fixtures/published/cts_prisons.slice.csv', import.meta.url).pathname;
    const dry = await cli(['import-published', file, '--dry-run']);
    expect(dry.out).toMatch(/DRY RUN/);
    expect(dry.out).toMatch(/rows read\s+167/);
    expect(dry.out).toMatch(/rejected\s+1\s+\[Year\] impossible year "1013"\s+\(lines 150\)/);
    const real = await cli(['import-published', file]);
    expect(real.out).toMatch(/values stored\s+160/);
    expect((await cli(['import-published', file])).err).toMatch(/already imported/);
    const out = join(dir, 'bhs.xlsx');
    const exported = await cli(['export-submission', '--definition', 'cts', '--country', 'ALB', '--period', '2003', '--out', out]);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toMatch(/wrote .*bhs\.xlsx/);
  });

  it('shows and sets a collection’s sharing policy, and lists views of a state’s records', async () => {
    expect((await cli(['sharing', 'policy', 'vrs', '--window', '1'])).out).toMatch(/vrs: reciprocal, window 1 year/);
    expect((await cli(['sharing', 'show', 'vrs'])).out).toMatch(/window 1 year\(s\)\n {2}no state has made its choices yet/);
    expect((await cli(['sharing', 'views', 'COL', 'vrs'])).out).toMatch(/nobody has viewed COL/);
    const refused = await cli(['sharing', 'policy', 'vrs', '--window', '9']);
    expect(refused.code).not.toBe(0);
    expect((await cli(['sharing', 'show', 'arq'])).code).toBe(4);
  });

  it('prints a pivot table of imported records, writes it as CSV or XLSX, and refuses a dimension the source lacks', async () => {
    const file = join(dir, 'seizures.csv');
    await writeFile(
      file,
      `${IDS_HEADER}\n2021-03-01,Lima,AIRPORT,cocaine_hcl,10,kg,AIR,,,ESP,H1\n2022-03-01,Lima,ROAD,cannabis_herb,4,kg,TRUCK,,,,\n2022-04-01,Lima,ROAD,cocaine_hcl,2,kg,TRUCK,,,,\n`,
    );
    expect((await cli(['import', 'ids', file, '--country', 'PER'])).code).toBe(0);
    const table = await cli([
      'analysis',
      'pivot',
      '--source',
      'ids',
      '--rows',
      'drug',
      '--columns',
      'year',
      '--from',
      '2020',
      '--to',
      '2024',
    ]);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(/^Drug \/ Year\s+2021\s+2022\s+Total\n/);
    expect(table.out).toMatch(/\nCannabis herb \(marijuana\)\s+4\s+4\n/);
    expect(table.out).toMatch(/\nTotal\s+10\s+6\s+16\n/);
    expect(table.out).toMatch(/\nCoverage: 1 of \d+ reporting units contributed: Peru\n/);
    const out = join(dir, 'pivot.xlsx');
    const xlsx = await cli([
      'analysis',
      'pivot',
      '--source',
      'ids',
      '--rows',
      'drug',
      '--columns',
      'year',
      '--from',
      '2020',
      '--format',
      'xlsx',
      '--out',
      out,
    ]);
    expect(xlsx.out).toMatch(/pivot\.xlsx: xlsx, 2 rows and a total/);
    const csv = await cli([
      'analysis',
      'pivot',
      '--source',
      'ids',
      '--rows',
      'country',
      '--columns',
      'year',
      '--from',
      '2020',
      '--measure',
      'cases',
      '--format',
      'csv',
    ]);
    expect(csv.out).toContain('Peru,1,2,3\r\n');
    const bad = await cli(['analysis', 'pivot', '--source', 'ids', '--rows', 'substance', '--columns', 'year']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/ids has no dimension substance; choose one of country, year.* \(--rows\)/);
  });

  it('lists possible duplicates with their twins and decides on them', async () => {
    const file = join(dir, 'twice.csv');
    const rows = ['2023-05-01,Quito,SEAPORT,cocaine_hcl,250,kg,VESSEL,COL,,BEL,H1', '2023-05-02,Quito,AIRPORT,heroin,3,kg,AIR,,,ESP,H0'];
    await writeFile(file, [IDS_HEADER, ...rows, ...rows].join('\n'));
    expect((await cli(['import', 'ids', file, '--country', 'ECU'])).code).toBe(0);
    const listed = await cli(['duplicates', 'list', 'ecu', 'ids']);
    expect(listed.out).toMatch(/^2 record\(s\) of ECU flagged as possible duplicates/);
    expect(listed.out).toMatch(/\d+ {2}batch \d+ line 4 {2}2023-05-01 · .*cocaine_hcl.*\n {4}looks like \d+ {2}batch \d+ line 2 /);
    const page = JSON.parse((await cli(['duplicates', 'list', 'ECU', 'ids', '--json'])).out) as {
      duplicates: Array<{ record: { id: number; drug: string } }>;
    };
    const [cocaine, heroin] = page.duplicates.map((d) => d.record.id);
    expect((await cli(['duplicates', 'review', 'ECU', 'ids', String(cocaine), '--remove'])).out).toMatch(
      /removed as a duplicate; 1 flagged record\(s\) left/,
    );
    expect((await cli(['duplicates', 'review', 'ECU', 'ids', String(heroin), '--distinct'])).out).toMatch(/kept as distinct; 0 flagged/);
    const neither = await cli(['duplicates', 'review', 'ECU', 'ids', String(heroin)]);
    expect([neither.code, neither.err]).toEqual([1, 'error: say --distinct or --remove\n']);
    const zero = await cli(['duplicates', 'list', 'ECU', 'ids', '--limit', '0']);
    expect([zero.code, zero.err]).toEqual([1, 'error: --limit must be a whole number from 1 to 200, not "0"\n']);
    const again = await cli(['duplicates', 'review', 'ECU', 'ids', String(heroin), '--distinct']);
    expect(again.err).toMatch(/not flagged as a possible duplicate/);
  });

  it('prints help for every command', async () => {
    for (const cmd of [
      [],
      ['serve'],
      ['users', 'add'],
      ['tokens', 'create'],
      ['audit', 'verify'],
      ['backup'],
      ['restore'],
      ['import-published'],
      ['export-submission'],
      ['analysis', 'pivot'],
      ['duplicates', 'list'],
      ['duplicates', 'review'],
    ]) {
      const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
        throw Object.assign(new Error('exit'), { code });
      }) as never);
      const r = await cli([...cmd, '--help']);
      exit.mockRestore();
      expect(r.out, cmd.join(' ')).toMatch(/Usage: observatory/);
    }
  });
});
