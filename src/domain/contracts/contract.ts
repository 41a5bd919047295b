export const CONTRACT_STATUSES = ['pending', 'signed', 'voided', 'declined', 'deleted'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** A contract generated from a template for one tenancy, for the customer to sign. */
export interface Contract {
  id: string;
  operatorId: string;
  contactId: string;
  contractTemplateId: string;
  tenancyId: string;
  siteId: string;
  name: string;
  /** The template text at generation time. */
  body: string;
  status: ContractStatus;
  sentAt: Date | null;
  signedAt: Date | null;
  signedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Only a signed contract has a document worth downloading. */
export function hasPdf(c: Contract): boolean {
  return c.status === 'signed';
}

/** The storefront link exists while the customer can still see the contract. */
export function isShowable(c: Contract): boolean {
  return c.status !== 'voided' && c.status !== 'deleted';
}
