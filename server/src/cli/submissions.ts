import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LANGUAGES, type Language } from '@observatory/core';
import { DefinitionRegistry } from '../definitions/registry.js';
import { findReportingUnit } from '../reference/repository.js';
import { notFound } from '../shared/errors.js';
import { currentCells, findSubmissionFor } from '../submissions/repository.js';
import { buildWorkbook } from '../workbooks/export.js';
import { print, withDatabase } from './context.js';

export function registerSubmissions(program: Command) {
  program
    .command('export-submission')
    .description("Write a country's questionnaire for a period as an XLSX workbook (the same file the web app offers)")
    .requiredOption('--definition <id>', 'e.g. arq, cts, glotip')
    .requiredOption('--country <code>', 'reporting unit, e.g. COL')
    .requiredOption('--period <year>')
    .requiredOption('--out <file>')
    .option('--lang <lang>', `labels in ${LANGUAGES.join(', ')}`, 'en')
    .action(async (o: { definition: string; country: string; period: string; out: string; lang: string }, cmd: Command) => {
      if (!(LANGUAGES as readonly string[]).includes(o.lang)) throw new Error(`--lang must be one of ${LANGUAGES.join(', ')}`);
      const lang = o.lang as Language;
      const bytes = await withDatabase(cmd, async (db) => {
        const s = await findSubmissionFor(db.kysely, o.definition, o.country.toUpperCase(), o.period);
        if (!s) throw notFound(`a ${o.definition} submission of ${o.country} for ${o.period}`);
        const compiled = await new DefinitionRegistry(db.kysely).compile(s.definition_id, s.definition_version, s.country);
        const unit = await findReportingUnit(db.kysely, s.country);
        const names = (unit?.names ?? { en: s.country }) as Record<string, string>;
        return buildWorkbook({
          submission: s,
          compiled,
          cells: await currentCells(db.kysely, s.id),
          lang,
          countryName: names[lang] ?? names['en'] ?? s.country,
          editableSections: [],
          generatedAt: new Date(),
        });
      });
      await writeFile(o.out, bytes);
      print(`wrote ${o.out} (${bytes.length.toLocaleString('en')} bytes)`);
    });
}
