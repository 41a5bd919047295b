import { randomBytes } from 'node:crypto';

/** Prefixes as they appear in the reference's examples (docs/decisions/ids.md). */
export const ID_PREFIX = {
  operator: 'op',
  site: 'site',
  unitType: 'utype',
  unit: 'unit',
  unitAllocation: 'alloc',
  contact: 'con',
  order: 'order',
  orderLineItem: 'olitm',
  tenancy: 'ten',
  subscription: 'sub',
  invoice: 'inv',
  creditNote: 'cred',
  deal: 'deal',
  dealStage: 'dstg',
  task: 'task',
  note: 'note',
  webhookEndpoint: 'we',
  contract: 'ctr',
  contractTemplate: 'ctpl',
  coupon: 'cpn',
  protectionLevel: 'plvl',
  product: 'prod',
  productCategory: 'pcat',
  identityVerification: 'idver',
  staff: 'staff',
  accessToken: 'tok',
  application: 'app',
  oauthGrant: 'grant',
  refreshToken: 'rtok',
  staffUser: 'user',
  timelineEvent: 'aevt',
  timelineSource: 'tsrc',
  timelineTemplate: 'aetpl',
  event: 'evt',
  delivery: 'wdlv',
  job: 'job',
  paymentMethod: 'pm',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/** `<prefix>_<16 hex>`, the shape of every id in the reference. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${randomBytes(8).toString('hex')}`;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
