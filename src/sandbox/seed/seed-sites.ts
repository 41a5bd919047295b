import { newId } from '../../kernel/ids.ts';
import type { AccessHoursDay, Site, Weekday } from '../../domain/catalogue/site.ts';
import { insertSite } from '../../storage/repos/sites.repo.ts';
import { insertImage } from '../../storage/repos/images.repo.ts';
import { placeholderSvg } from './placeholder-image.ts';
import type { SeedContext } from './seed-context.ts';
import { slugify } from './seed-context.ts';

const DAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const FULL = [
  {
    name: 'Acme Camden',
    city: 'London',
    line_1: '12 Royal College Street',
    postal_code: 'NW1 0TA',
    phone: '020 7946 0101',
    hours: 'set',
  },
  {
    name: 'Acme Salford Quays',
    city: 'Salford',
    line_1: '4 Dock Office Road',
    postal_code: 'M50 3XB',
    phone: '0161 496 0202',
    hours: '24h',
  },
  {
    name: 'Acme Leith Docks',
    city: 'Edinburgh',
    line_1: '88 Ocean Drive',
    postal_code: 'EH6 6JJ',
    phone: '0131 496 0303',
    hours: 'weekdays',
  },
] as const;

const SMALL = [
  {
    name: 'Harbour Storage Bristol',
    city: 'Bristol',
    line_1: '1 Wapping Wharf',
    postal_code: 'BS1 6WP',
    phone: '0117 496 0404',
    hours: 'set',
  },
] as const;

function accessHours(kind: string): Record<Weekday, AccessHoursDay> {
  const out = {} as Record<Weekday, AccessHoursDay>;
  for (const d of DAYS) {
    if (kind === '24h') out[d] = { status: 'twenty_four_hours' };
    else if (kind === 'weekdays' && d === 'sunday') out[d] = { status: 'closed' };
    else out[d] = { status: 'set_hours', open: d === 'saturday' || d === 'sunday' ? '09:00' : '07:00', close: '20:00' };
  }
  return out;
}

export async function seedSites(s: SeedContext): Promise<void> {
  const list = s.size === 'full' ? FULL : SMALL;
  for (const [i, def] of list.entries()) {
    const at = s.at(60 * 24 * 400 - i * 60);
    const site: Site = {
      id: newId('site'),
      operatorId: s.operator.id,
      slug: slugify(def.name),
      name: def.name,
      description: `${def.name}: clean, dry, secure self storage in ${def.city} with drive-up access and free trolleys.`,
      phone: def.phone,
      address: { line_1: def.line_1, line_2: null, city: def.city, postal_code: def.postal_code },
      accessHours: accessHours(def.hours),
      directions: {
        google_maps_url: `https://maps.google.com/?q=${encodeURIComponent(`${def.line_1}, ${def.city} ${def.postal_code}`)}`,
      },
      timezone: s.operator.timezone,
      openedAt: s.at(60 * 24 * 800 - i * 60 * 24 * 30),
      // Storage is VAT-able in the UK at 20 %; goods protection is insurance (exempt); products standard-rated.
      taxRates: { unit_type: 2000, protection: 0, product: 2000 },
      image: { filename: `${slugify(def.name)}.svg` },
      createdAt: at,
      updatedAt: at,
    };
    await insertSite(s.tx, site);
    await insertImage(s.tx, {
      id: `img_${site.id.slice(5)}`,
      operatorId: s.operator.id,
      ownerId: site.id,
      name: 'default',
      filename: site.image!.filename,
      contentType: 'image/svg+xml',
      data: placeholderSvg(def.name),
      createdAt: at,
    });
    s.created.sites.push({ id: site.id, slug: site.slug });
  }
}
