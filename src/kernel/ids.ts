import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, randomBytes as cryptoRandomBytes } from 'node:crypto';

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
  email: 'eml',
  fault: 'flt',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/**
 * Where ids and tokens draw their bytes: the machine's CSPRNG, except inside `withDeterministicIds` (the sandbox
 * demo seed), where they come from HMAC-SHA256 of a seed key and a counter, so a reset gives the same ids, tokens
 * and client secrets (docs/decisions/deterministic-seed.md). AsyncLocalStorage scopes it to the seeding call: a
 * request served meanwhile still gets real randomness.
 */
const deterministic = new AsyncLocalStorage<{ key: string; counter: number }>();

export function withDeterministicIds<T>(seedKey: string, run: () => Promise<T>): Promise<T> {
  return deterministic.run({ key: seedKey, counter: 0 }, run);
}

export function randomBytes(n: number): Buffer {
  const source = deterministic.getStore();
  if (!source) return cryptoRandomBytes(n);
  const chunks: Buffer[] = [];
  let have = 0;
  while (have < n) {
    const block = createHmac('sha256', source.key).update(String(source.counter++)).digest();
    chunks.push(block);
    have += block.length;
  }
  return Buffer.concat(chunks).subarray(0, n);
}

/** `<prefix>_<16 hex>`, the shape of every id in the reference. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${randomBytes(8).toString('hex')}`;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
