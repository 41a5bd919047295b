import Ajv, { type ValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import { DomainError } from '../kernel/errors.ts';
import { INPUT_LIMITS } from './input-limits.ts';
import { detailsFromAjv } from './conventions/validation-details.ts';

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
  return ({ schema, httpPart }) => {
    // Compiled on the route's first request, not at start: compiling every route's schemas up front was most of
    // the time to a listening server and of its memory (docs/performance.md). `schemaEnv` tells Fastify to pass
    // the parent object, so Ajv can coerce or default a root value as when Fastify holds Ajv's own function.
    let compiled: ValidateFunction | undefined;
    const validate = ((data: unknown, dataCxt?: DataValidationCxt) => {
      compiled ??= (httpPart === 'body' ? body : url).compile(boundIntegers(schema));
      const ok = compiled(data, dataCxt);
      validate.errors = compiled.errors;
      return ok;
    }) as ((data: unknown, dataCxt?: DataValidationCxt) => boolean) & {
      errors?: ValidateFunction['errors'];
      schemaEnv: true;
    };
    validate.schemaEnv = true;
    return validate;
  };
}

/**
 * An integer a schema leaves unbounded is held to PostgreSQL's `integer`, so a huge value is the
 * caller's 422 with its pointer rather than the database's out-of-range error (a 500).
 * Works on a copy: the declared schema (and the OpenAPI document) stay as written.
 */
export function boundIntegers<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(boundIntegers) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = boundIntegers(v);
  const type = out.type;
  if (type === 'integer' || (Array.isArray(type) && type.includes('integer'))) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INPUT_LIMITS.integer.maximum;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = INPUT_LIMITS.integer.minimum;
  }
  return out as T;
}

const formBodies = new WeakMap<object, ValidateFunction>();
let formAjv: InstanceType<typeof Ajv.default> | undefined;

/**
 * Checks a body built from a server-rendered form against the API route's own body schema, with the API's body
 * settings, so a form refuses exactly what the API refuses and says it in the same words (the same `details`).
 */
export function checkBody<T extends TSchema>(schema: T, body: unknown): Static<T> {
  formAjv ??= (() => {
    const ajv = new Ajv.default({ allErrors: true, useDefaults: true, strict: false, keywords: ['kind', 'modifier'] });
    addFormats.default(ajv);
    return ajv;
  })();
  let validate = formBodies.get(schema);
  if (!validate) {
    validate = formAjv.compile(boundIntegers(schema));
    formBodies.set(schema, validate);
  }
  if (!validate(body)) throw new DomainError('invalid_content', undefined, detailsFromAjv(validate.errors ?? []));
  return body as Static<T>;
}
