/**
 * SDMX-CSV 2.0 data messages (sdmx-csv, docs/data_message_field_guide.md), written line by
 * line so the server can stream any number of observations.
 *
 * Columns: STRUCTURE, STRUCTURE_ID, ACTION, the dimensions in structure order, TIME_PERIOD,
 * the measure, the attributes ("in the order of components as defined in the Data Structure
 * Definition, grouped by type of component": dimensions, measures, attributes). STRUCTURE is
 * `dataflow` and STRUCTURE_ID `AGENCY:ID(VERSION)`. With labels=both, component headers read
 * "ID: Name", coded cells "CODE: Name" and STRUCTURE_ID "AGENCY:ID(VERSION): Name"; non-coded
 * values (TIME_PERIOD, OBS_VALUE, free-text attributes) stay as they are.
 *
 * Suppressed observations have an empty OBS_VALUE and keep their attributes (CONF_STATUS=C …).
 * A deletion (action D) leaves OBS_VALUE and every attribute empty: "if the row contains only
 * the structure identification and full dimension values then the related observation and all
 * its observation-level attribute values will be deleted"; filled cells would delete only them.
 *
 * The field separator is always the comma and the decimal mark the point, whatever the
 * language: the files are meant to be read back by machines (see csv-in.ts).
 */
import type { Language, Names } from '../api/common.js';
import type { CodeList } from '../definitions/model.js';
import { ref, type Concept, type Dataflow, type Observation } from '../dissemination/model.js';
import { csvField, CSV_LINE_END, formatObsValue, guardFormula } from './csv-cells.js';
import { TIME_PERIOD } from './key.js';
import { LanguageTracker, TIME_PERIOD_NAMES } from './names.js';
import type { CsvLabels } from './negotiate.js';

export interface SdmxCsvOptions {
  labels?: CsvLabels;
  /** Language of the labels; names missing in it fall back to English. */
  lang?: Language;
  /** Code lists by CodeList id, for the labels of coded values. */
  codeLists?: ReadonlyMap<string, CodeList>;
}

export interface SdmxCsvWriter {
  /** The header record, CRLF-terminated. */
  header: string;
  /** One observation's record, CRLF-terminated. */
  line(obs: Observation): string;
  /** Languages the labels written so far are in (for Content-Language). */
  languages(): Language[];
}

export function createSdmxCsvWriter(flow: Dataflow, options: SdmxCsvOptions = {}): SdmxCsvWriter {
  const both = options.labels === 'both';
  const names = new LanguageTracker(options.lang ?? 'en');
  const s = flow.structure;
  const head = (id: string, n: Names) => csvField(both ? `${id}: ${names.name(n)}` : id);

  /**
   * Writes the values of one component: coded ones as "CODE: Name" in labels mode; free-text
   * attributes guarded against formulas. Dimension values are identifiers and never guarded.
   */
  const cellWriter = (concept: Concept, freeText: boolean): ((v: string) => string) => {
    if (concept.codeList === undefined) return freeText ? (v) => csvField(guardFormula(v)) : csvField;
    if (!both) return csvField;
    const list = options.codeLists?.get(concept.codeList);
    const cache = new Map<string, string>();
    return (v) => {
      let cell = cache.get(v);
      if (cell === undefined) {
        const code = list?.codes.find((c) => c.code === v);
        cell = csvField(code ? `${v}: ${names.name(code.names)}` : v);
        cache.set(v, cell);
      }
      return cell;
    };
  };
  const dimensionCells = s.dimensions.map((d) => cellWriter(d, false));
  const attributeCells = s.attributes.map((a) => cellWriter(a, true));
  const structureId = csvField(both ? `${ref(flow)}: ${names.name(flow.names)}` : ref(flow));
  const header = [
    'STRUCTURE',
    'STRUCTURE_ID',
    'ACTION',
    ...s.dimensions.map((d) => head(d.id, d.names)),
    head(TIME_PERIOD, TIME_PERIOD_NAMES),
    head(s.measure.id, s.measure.names),
    ...s.attributes.map((a) => head(a.id, a.names)),
  ].join(',');

  return {
    header: header + CSV_LINE_END,
    line(obs) {
      if (obs.key.length !== s.dimensions.length) {
        throw new Error(`observation key ${obs.key.join('.')} does not have the ${s.dimensions.length} dimensions of ${ref(flow)}`);
      }
      const deletion = obs.action === 'D';
      const cells = ['dataflow', structureId, deletion ? 'D' : 'I'];
      obs.key.forEach((code, i) => cells.push(dimensionCells[i]!(code)));
      cells.push(csvField(obs.period), deletion ? '' : formatObsValue(obs.value));
      s.attributes.forEach((a, i) => {
        const v = deletion ? null : obs.attributes[a.id];
        cells.push(v === null || v === undefined || v === '' ? '' : attributeCells[i]!(v));
      });
      return cells.join(',') + CSV_LINE_END;
    },
    languages: () => names.languages(),
  };
}

/** The message as a sequence of CRLF-terminated records, header first. */
export function* sdmxCsvLines(
  flow: Dataflow,
  observations: Iterable<Observation>,
  options: SdmxCsvOptions = {},
): Generator<string, void, undefined> {
  const writer = createSdmxCsvWriter(flow, options);
  yield writer.header;
  for (const obs of observations) yield writer.line(obs);
}

/** Same, for observations read from a database cursor. */
export async function* sdmxCsvLinesAsync(
  flow: Dataflow,
  observations: AsyncIterable<Observation> | Iterable<Observation>,
  options: SdmxCsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const writer = createSdmxCsvWriter(flow, options);
  yield writer.header;
  for await (const obs of observations) yield writer.line(obs);
}
