import { sql, type SelectQueryBuilder } from 'kysely';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';

/**
 * Runs one page of a list query. The exact total comes from a count of the same filtered rows in the same
 * statement (one snapshot), as an uncorrelated subquery: Postgres runs it once, from an index alone where one
 * covers the filters, and the page itself stops after LIMIT rows. (A window `count(*) over()` made every list
 * read all its matching rows before the LIMIT: docs/performance.md.) Only a page past the end needs a second query.
 */
export async function paginate<T>(
  qb: SelectQueryBuilder<any, any, any>,
  page: Page,
  sortColumns: Record<string, string>,
  map: (row: any) => T,
  table: string,
): Promise<PageOf<T>> {
  const column = sortColumns[page.sortBy] ?? sortColumns.created_at ?? `${table}.created_at`;
  const counted = qb.clearSelect().select(sql<number>`1`.as('__one'));
  const rows = await qb
    .select(sql<number>`(SELECT count(*) FROM (${counted}) AS __counted)`.as('__total'))
    .orderBy(sql.ref(column), page.direction)
    .orderBy(sql.ref(`${table}.id`), page.direction)
    .limit(page.limit)
    .offset((page.page - 1) * page.limit)
    .execute();
  let total = rows.length ? Number(rows[0].__total) : 0;
  if (!rows.length && page.page > 1) {
    const r = await qb
      .clearSelect()
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst();
    total = Number(r?.n ?? 0);
  }
  return { items: rows.map(map), total };
}

export function whereTimeRange<Q extends SelectQueryBuilder<any, any, any>>(qb: Q, table: string, range: TimeRange): Q {
  let q = qb;
  if (range.createdAfter) q = q.where(`${table}.created_at`, '>=', range.createdAfter) as Q;
  if (range.createdBefore) q = q.where(`${table}.created_at`, '<', range.createdBefore) as Q;
  if (range.updatedAfter) q = q.where(`${table}.updated_at`, '>=', range.updatedAfter) as Q;
  if (range.updatedBefore) q = q.where(`${table}.updated_at`, '<', range.updatedBefore) as Q;
  return q;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
