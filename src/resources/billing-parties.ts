import type { Contact } from '../domain/contacts/contact.ts';
import type { Site } from '../domain/catalogue/site.ts';

type Address = { line_1: string | null; line_2: string | null; city: string | null; postal_code: string | null };

function addressLines(a: Address | null): Array<string | null> {
  return a ? [a.line_1, a.line_2, [a.city, a.postal_code].filter(Boolean).join(' ')] : [];
}

const present = (lines: Array<string | null | undefined>): string[] => lines.filter((l): l is string => !!l);

/** The address lines billing documents print for a contact and for a site. */
export function contactLines(c: Contact | null): string[] {
  return c ? present([c.fullName, c.email, ...addressLines(c.address)]) : [];
}

export function siteLines(s: Site | null): string[] {
  return s ? present([s.name, ...addressLines(s.address)]) : [];
}
