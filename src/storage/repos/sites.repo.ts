import type { Site } from '../../domain/catalogue/site.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { likePattern, paginate } from './paging.ts';
import { CATALOGUE_MEMO, forgetInTx } from '../tx-memo.ts';

function toSite(r: Row<'sites'>): Site {
  return {
    id: r.id,
    operatorId: r.operator_id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    phone: r.phone,
    address: r.address as Site['address'],
    accessHours: r.access_hours as Site['accessHours'],
    directions: r.directions as Site['directions'],
    timezone: r.timezone,
    openedAt: r.opened_at,
    taxRates: r.tax_rates as Site['taxRates'],
    image: r.image as Site['image'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertSite(tx: Tx, s: Site): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  await tx
    .insertInto('sites')
    .values({
      id: s.id,
      operator_id: s.operatorId,
      slug: s.slug,
      name: s.name,
      description: s.description,
      phone: s.phone,
      address: JSON.stringify(s.address),
      access_hours: JSON.stringify(s.accessHours),
      directions: JSON.stringify(s.directions),
      timezone: s.timezone,
      opened_at: s.openedAt,
      tax_rates: JSON.stringify(s.taxRates),
      image: s.image ? JSON.stringify(s.image) : null,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    })
    .execute();
}

export async function findSites(tx: Handle, operatorId: string, ids: string[]): Promise<Site[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('sites')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return rows.map(toSite);
}

export async function listSites(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: { search?: string },
): Promise<PageOf<Site>> {
  let qb = tx.selectFrom('sites').selectAll('sites').where('operator_id', '=', operatorId);
  if (filter.search) {
    const p = likePattern(filter.search);
    qb = qb.where((eb) =>
      eb.or([
        eb('name', 'ilike', p),
        eb(eb.fn('jsonb_extract_path_text', ['address', eb.val('city')]), 'ilike', p),
        eb(eb.fn('jsonb_extract_path_text', ['address', eb.val('postal_code')]), 'ilike', p),
      ]),
    );
  }
  return paginate(
    qb,
    page,
    { created_at: 'sites.created_at', updated_at: 'sites.updated_at', name: 'sites.name' },
    toSite,
    'sites',
  );
}

export type SiteChange = Partial<
  Pick<Site, 'name' | 'slug' | 'description' | 'phone' | 'address' | 'directions' | 'timezone'>
>;

/** Writes the given attributes (and `updated_at`); the others stay as they are. */
export async function updateSite(tx: Tx, operatorId: string, id: string, change: SiteChange, at: Date) {
  forgetInTx(tx, CATALOGUE_MEMO);
  const set: Record<string, unknown> = { updated_at: at };
  if (change.name !== undefined) set.name = change.name;
  if (change.slug !== undefined) set.slug = change.slug;
  if (change.description !== undefined) set.description = change.description;
  if (change.phone !== undefined) set.phone = change.phone;
  if (change.address !== undefined) set.address = JSON.stringify(change.address);
  if (change.directions !== undefined) set.directions = JSON.stringify(change.directions);
  if (change.timezone !== undefined) set.timezone = change.timezone;
  await tx.updateTable('sites').set(set).where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

export async function findSiteIdBySlug(tx: Handle, operatorId: string, slug: string): Promise<string | null> {
  const row = await tx
    .selectFrom('sites')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.id ?? null;
}
