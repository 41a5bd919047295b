import { Type, type TSchema, type TProperties } from '@sinclair/typebox';
import { DomainError } from '../../kernel/errors.ts';
import type { Page, TimeRange } from '../../kernel/listing.ts';
import { INPUT_LIMITS } from '../input-limits.ts';

export interface ListQueryOptions {
  /** sort_by options; omitted: the endpoint has no sort params (product categories). */
  sort?: readonly string[];
  expand?: boolean;
  search?: boolean;
  /** created_after/created_before (and updated_* when `updated` is set). */
  timeRange?: 'created' | 'created_updated';
  filters?: TProperties;
}

const DateTime = (description: string) => Type.String({ format: 'date-time', description });

/** The query schema of a list endpoint: pagination, sorting, time ranges, expand, filters. */
export function listQuery(opts: ListQueryOptions = {}) {
  const props: TProperties = {
    page: Type.Integer({
      minimum: 1,
      maximum: INPUT_LIMITS.integer.maximum,
      default: 1,
      description: 'Pagination page number',
    }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Number of items per page' }),
  };
  if (opts.sort) {
    props.sort_by = Type.Union(
      opts.sort.map((s) => Type.Literal(s)),
      { default: 'created_at' },
    );
    props.sort_direction = Type.Union([Type.Literal('ASC'), Type.Literal('DESC')], { default: 'DESC' });
  }
  if (opts.timeRange) {
    props.created_after = DateTime(
      'Filters results to created after (including given date) the given ISO 8601 timestamp',
    );
    props.created_before = DateTime(
      'Filters results to created before (excluding given date) the given ISO 8601 timestamp',
    );
    if (opts.timeRange === 'created_updated') {
      props.updated_after = DateTime(
        'Filters results to updated after (including given date) the given ISO 8601 timestamp',
      );
      props.updated_before = DateTime(
        'Filters results to updated before (excluding given date) the given ISO 8601 timestamp',
      );
    }
  }
  if (opts.search) props.search = Type.String({ maxLength: 200, description: 'Fuzzy search (BETA)' });
  if (opts.expand)
    props.expand = Type.String({ description: 'Comma-separated relations to expand; dot notation nests' });
  Object.assign(props, opts.filters ?? {});
  // Every query parameter is optional; defaults fill page, limit and sorting.
  return Type.Object(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])));
}

export const ShowQuery = Type.Object({ expand: Type.Optional(Type.String()) });

export function pageOf(q: Record<string, unknown>): Page {
  return {
    page: (q.page as number) ?? 1,
    limit: (q.limit as number) ?? 50,
    sortBy: (q.sort_by as string) ?? 'created_at',
    direction: q.sort_direction === 'ASC' ? 'asc' : 'desc',
  };
}

export function timeRangeOf(q: Record<string, unknown>): TimeRange {
  const d = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);
  return {
    createdAfter: d(q.created_after),
    createdBefore: d(q.created_before),
    updatedAfter: d(q.updated_after),
    updatedBefore: d(q.updated_before),
  };
}

/** A comma-separated multi-value filter, each value checked against `allowed` when given. */
export function multi(q: Record<string, unknown>, name: string, allowed?: readonly string[]): string[] | undefined {
  const raw = q[name];
  if (typeof raw !== 'string' || raw === '') return undefined;
  const values = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (allowed) {
    const bad = values.filter((v) => !allowed.includes(v));
    if (bad.length) {
      throw new DomainError('invalid_url_param', undefined, [
        { pointer: `/${name}`, message: `value at \`/${name}\` is not one of: ${JSON.stringify(allowed)}` },
      ]);
    }
  }
  return values;
}

/** A filter of one or more values, comma-separated, described in the reference's words. */
export function commaFilter(description: string) {
  return Type.String({ description: `${description}. Supports multiple values separated by a comma.` });
}

/** A filter by ids of one kind (`what`: 'Site', 'Unit Type'), as the reference words it. */
export const idsFilter = (what: string) => commaFilter(`Filter by ${what} IDs`);

export function filterEnum(values: readonly string[], description: string): TSchema {
  return Type.String({ description: `${description}. Comma-separated; options: ${values.join(', ')}` });
}

/** A single-value text parameter, undefined when absent or empty. */
export function text(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
