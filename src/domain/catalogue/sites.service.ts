import type { PageOf, Page } from '../../kernel/listing.ts';
import { invalidContent, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as sites from '../../storage/repos/sites.repo.ts';
import { findOperatorTaxRates } from '../../storage/repos/operators.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { AccessHoursDay, Site, SiteAddress, Weekday } from './site.ts';

/** What the back office gives to create a site; a new site is open around the clock until its hours are set. */
export interface NewSite {
  name: string;
  /** Default: the name, slugified (the storefront's path segment). */
  slug?: string;
  description?: string | null;
  phone?: string | null;
  address: SiteAddress;
  timezone: string;
  googleMapsUrl?: string | null;
}

export type SiteEdit = Omit<sites.SiteChange, 'directions'> & { googleMapsUrl?: string | null };

const WEEKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function checkEdit(e: SiteEdit): void {
  if (e.name !== undefined && !e.name.trim()) throw invalidContent('/name', 'value at `/name` must not be blank');
  if (e.slug !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.slug))
    throw invalidContent('/slug', 'value at `/slug` must be lowercase letters, digits and single hyphens');
  if (e.timezone !== undefined && !validZone(e.timezone))
    throw invalidContent('/timezone', 'value at `/timezone` must be an IANA time zone such as Europe/London');
  const a = e.address;
  if (a) {
    if (!a.line_1.trim()) throw invalidContent('/address/line_1', 'value at `/address/line_1` must not be blank');
    if (!a.city.trim()) throw invalidContent('/address/city', 'value at `/address/city` must not be blank');
    if (!a.postal_code.trim())
      throw invalidContent('/address/postal_code', 'value at `/address/postal_code` must not be blank');
  }
  if (e.phone != null && !/^\+?[0-9 ()-]{5,30}$/.test(e.phone))
    throw invalidContent('/phone', 'value at `/phone` must be a phone number (digits, spaces, + ( ) -)');
  if (e.googleMapsUrl != null && !/^https:\/\/\S+$/.test(e.googleMapsUrl))
    throw invalidContent('/directions/google_maps_url', 'value at `/directions/google_maps_url` must be an https URL');
}

/** Sites: read by the API; created and edited in the back office (the reference has no site events). */
export function sitesService({ db }: { db: Db }) {
  async function checkSlug(tx: Tx, ctx: OperatorContext, slug: string | undefined, self?: string) {
    if (slug === undefined) return;
    const other = await sites.findSiteIdBySlug(tx, ctx.operator.id, slug);
    if (other && other !== self)
      throw invalidContent('/slug', `value at \`/slug\` is already the slug of site '${other}'`);
  }

  return {
    list: (ctx: OperatorContext, page: Page, filter: { search?: string }): Promise<PageOf<Site>> =>
      sites.listSites(db, ctx.operator.id, page, filter),
    findMany: (ctx: OperatorContext, ids: string[]) => sites.findSites(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Site> {
      const [site] = await sites.findSites(db, ctx.operator.id, [id]);
      return site ?? notFound('site', id);
    },

    /** Back office: a new site, open 24 hours every day until its hours are set, taxed at the operator's rates. */
    create: (ctx: OperatorContext, input: NewSite): Promise<Site> =>
      withTransaction(db, async (tx) => {
        const slug = input.slug || slugOf(input.name);
        checkEdit({ ...input, slug: slug || undefined });
        if (!slug)
          throw invalidContent('/slug', 'value at `/slug` must be lowercase letters, digits and single hyphens');
        await checkSlug(tx, ctx, slug);
        const now = ctx.now();
        const open: AccessHoursDay = { status: 'twenty_four_hours', open: null, close: null };
        const site: Site = {
          id: newId('site'),
          operatorId: ctx.operator.id,
          slug,
          name: input.name.trim(),
          description: input.description ?? null,
          phone: input.phone ?? null,
          address: input.address,
          accessHours: Object.fromEntries(WEEKDAYS.map((d) => [d, open])) as Site['accessHours'],
          directions: { google_maps_url: input.googleMapsUrl ?? null },
          timezone: input.timezone,
          openedAt: now,
          // Pricing reads the site's rates; Settings → Operator saves them to every site, so a new one starts there.
          taxRates: await findOperatorTaxRates(tx, ctx.operator.id),
          image: null,
          createdAt: now,
          updatedAt: now,
        };
        await sites.insertSite(tx, site);
        return site;
      }),

    /** Back office: edits the given attributes. */
    update: (ctx: OperatorContext, id: string, edit: SiteEdit): Promise<Site> =>
      withTransaction(db, async (tx) => {
        const [site] = await sites.findSites(tx, ctx.operator.id, [id]);
        if (!site) notFound('site', id);
        checkEdit(edit);
        await checkSlug(tx, ctx, edit.slug, id);
        const { googleMapsUrl, ...rest } = edit;
        const change: sites.SiteChange = { ...rest, name: rest.name?.trim() };
        if (googleMapsUrl !== undefined) change.directions = { ...site.directions, google_maps_url: googleMapsUrl };
        await sites.updateSite(tx, ctx.operator.id, id, change, ctx.now());
        const [updated] = await sites.findSites(tx, ctx.operator.id, [id]);
        return updated;
      }),
  };
}
