import type { Contact } from '../contacts/contact.ts';
import type { Site } from '../catalogue/site.ts';

/** Who a billing document is addressed to and where the storage is: what a PDF prints besides the record. */
export interface DocumentParties {
  contact: Contact | null;
  site: Site | null;
}
