import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Bodies are validated strictly (no type coercion, every error reported);
 * query strings and path params are coerced from text, as they arrive.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<any> {
  const make = (coerce: boolean) => {
    const ajv = new Ajv.default({
      allErrors: true,
      coerceTypes: coerce,
      useDefaults: true,
      removeAdditional: false,
      strict: false,
      keywords: ['kind', 'modifier'],
    });
    addFormats.default(ajv);
    return ajv;
  };
  const body = make(false);
  const url = make(true);
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : url).compile(schema);
}
