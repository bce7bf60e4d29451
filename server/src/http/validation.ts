/**
 * Request validation. JSON bodies are checked strictly: a number where a string belongs is
 * an error, not something to coerce. Query strings and path parameters arrive as text, so
 * there numbers and arrays are coerced from their text form. Unknown fields are refused
 * everywhere (additionalProperties: false in the contracts; nothing is silently removed).
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

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
