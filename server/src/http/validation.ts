/**
 * Request validation. JSON bodies are checked strictly: a number where a string belongs is
 * an error, not something to coerce. Query strings and path parameters arrive as text, so
 * there numbers and arrays are coerced from their text form. Unknown fields are refused
 * everywhere (additionalProperties: false in the contracts; nothing is silently removed).
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { AppError } from '../shared/errors.js';

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...common, ...options });
  addFormats(ajv);
  return ajv;
}

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}

/** The first string in a request's query, path or JSON body that holds a NUL character (which no text column can store). */
function nulIn(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulIn(value[i], `${path}/${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (typeof (value as { pipe?: unknown }).pipe === 'function' || Buffer.isBuffer(value)) return null; // uploads arrive as streams
  for (const [k, v] of Object.entries(value)) {
    const found = k.includes('\u0000') ? `${path}/${k}` : nulIn(v, `${path}/${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Refuses a NUL character anywhere in the query, path or JSON body: no text column can store one. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const field = nulIn(value, `/${part}`);
      if (field) throw new AppError('validation_failed', 400, `${field} holds a NUL character, which is not accepted`, field);
    }
  });
}
