import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Shared wire schemas: one definition of each convention, reused by every resource. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * A nullable input field as ONE schema (`type: [t, 'null']`) rather than a union, so a bad value
 * gets one error at its pointer instead of one per union branch ("not one of …" and "not a null").
 * For schemas with a single `type` (strings, enums, objects).
 */
export const NullableInput = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({
    ...schema,
    type: [schema.type as string, 'null'],
    ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}),
  });

export const Timestamp = Type.String({ format: 'date-time', examples: ['2025-02-22T14:41:00Z'] });

export const MoneySchema = Type.Object({
  amount: Type.Integer({ description: 'Amount in minor units (pence, cents)' }),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  formatted: Type.String(),
});

export const MoneyInput = Type.Object(
  { amount: Type.Integer({ minimum: 0, maximum: 2_000_000_000 }) },
  { additionalProperties: false },
);

export const Ref = (prefix: string) => Type.Object({ id: Type.String({ examples: [`${prefix}_14b419f1096013f1`] }) });

export const IdInput = (prefix: string) =>
  Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, examples: [`${prefix}_14b419f1096013f1`] }) });

export const BILLING_PERIODS = [
  'weekly',
  'monthly',
  'every_four_weeks',
  'every_three_months',
  'every_six_months',
  'yearly',
] as const;

export const StringEnum = <T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const PriceSchema = Type.Object({
  billing_period: StringEnum([...BILLING_PERIODS, 'one_time']),
  price: MoneySchema,
  stripe_price_id: Type.String(),
});

export const ImagesSchema = Type.Object({
  default: Nullable(
    Type.Object({ original: Type.String(), small: Type.String(), medium: Type.String(), large: Type.String() }),
  ),
});

export const LinkSchema = Type.Object({ href: Type.String(), title: Type.String() });

const Curie = Type.Object({
  name: Type.String(),
  href: Type.String(),
  templated: Type.Boolean(),
  title: Type.String(),
});

export const MetaSchema = Type.Object(
  { request_id: Type.String(), curies: Type.Array(Curie) },
  { additionalProperties: true },
);

export const ListMetaSchema = Type.Object({
  request_id: Type.String(),
  curies: Type.Array(Curie),
  pagination: Type.Object({
    count: Type.Integer(),
    last: Type.Integer(),
    limit: Type.Integer(),
    next: Nullable(Type.Integer()),
    page: Type.Integer(),
    pages: Type.Integer(),
    prev: Nullable(Type.Integer()),
  }),
});

export const oneEnvelope = (key: string, schema: TSchema) => Type.Object({ [key]: schema, meta: MetaSchema });
export const listEnvelope = (key: string, schema: TSchema) =>
  Type.Object({ [key]: Type.Array(schema), meta: ListMetaSchema });
export const SuccessEnvelope = Type.Object({ success: Type.Object({ message: Type.String() }), meta: MetaSchema });

/**
 * Metadata in a request body: any object here; its keys and values are checked by the one
 * implementation in domain/metadata, which also produces the `/metadata/<key>` pointers.
 */
export const MetadataInput = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  description:
    'Up to 20 string keys (lowercase letters, digits, . _ : -; at most 40 characters) with string values (at most 500 characters). On update a JSON merge-patch: null removes a key.',
  examples: [{ external_id: 'crm_12345' }],
});
export const MetadataSchema = Type.Record(Type.String(), Type.String());
