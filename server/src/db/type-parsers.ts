/**
 * The one place where column types become JS values, for both engines: PGlite (through
 * its node-postgres adapter) and a PostgreSQL server both go through node-postgres, so
 * these parsers serve every environment.
 */
import pg from 'pg';
import { parse as parsePgArray } from 'postgres-array';

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, INT8_ARRAY: 1016, NUMERIC_ARRAY: 1231 } as const;

function toSafeNumber(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is beyond the safe integer range`);
  return n;
}

const parseArray = (parse: (s: string) => number) => (text: string) => parsePgArray(text, (entry) => parse(entry));

export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    switch (oid) {
      case OID.INT8:
        return toSafeNumber;
      case OID.NUMERIC:
        return Number;
      // Calendar dates stay 'YYYY-MM-DD': turning them into Date objects invites time-zone shifts.
      case OID.DATE:
        return (text: string) => text;
      case OID.INT8_ARRAY:
        return parseArray(toSafeNumber);
      case OID.NUMERIC_ARRAY:
        return parseArray(Number);
      default:
        return pg.types.getTypeParser(oid, format as 'text');
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};
