import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Where webhooks may connect (SSRF guard, docs/decisions/webhooks.md). An address is refused when it falls in a
 * range that reaches the host itself, its network or its cloud's metadata service, unless the instance's
 * allow-list names it. The sandbox keeps loopback open so partners can point endpoints at their own machine.
 */
export type AddressCategory =
  'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'shared' | 'multicast' | 'reserved';

export interface AddressPolicy {
  allowLoopback: boolean;
  /** Operator allow-list (CIDRs): deliberate internal endpoints. */
  allow: Cidr[];
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

interface Cidr {
  bytes: number[];
  prefix: number;
}

interface Range extends Cidr {
  category: AddressCategory;
}

/** IPv4 → 4 bytes, IPv6 (with `::`, an embedded dotted quad, brackets or a zone) → 16 bytes; else null. */
export function addressBytes(text: string): number[] | null {
  const a = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = isIP(a);
  if (kind === 4) return a.split('.').map(Number);
  if (kind !== 6) return null;
  // A trailing dotted quad (::ffff:127.0.0.1) becomes its two hex groups.
  const v6 = a.replace(
    /(\d+)\.(\d+)\.(\d+)\.(\d+)$/,
    (_, w, x, y, z) => `${((+w << 8) | +x).toString(16)}:${((+y << 8) | +z).toString(16)}`,
  );
  const groups = (s: string) => (s ? s.split(':').flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]) : []);
  const [left, right] = v6.includes('::') ? v6.split('::') : [v6, ''];
  const l = groups(left);
  const r = groups(right);
  return [...l, ...Array(16 - l.length - r.length).fill(0), ...r];
}

function cidr(text: string): Cidr {
  const [addr, bits] = text.split('/');
  const bytes = addressBytes(addr);
  const max = bytes ? bytes.length * 8 : 0;
  const prefix = bits === undefined ? max : Number(bits);
  if (!bytes || !/^\d*$/.test(bits ?? '') || !Number.isInteger(prefix) || prefix < 0 || prefix > max)
    throw new Error(`not an IP address or CIDR range: ${text}`);
  return { bytes, prefix };
}

function inCidr(bytes: number[], c: Cidr): boolean {
  if (bytes.length !== c.bytes.length) return false;
  for (let bit = 0; bit < c.prefix; bit += 8) {
    const mask = c.prefix - bit >= 8 ? 255 : (0xff00 >> (c.prefix - bit)) & 255;
    if ((bytes[bit / 8] & mask) !== (c.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

const ranges = (category: AddressCategory, list: string[]): Range[] => list.map((t) => ({ ...cidr(t), category }));

// Most specific first: the metadata addresses sit inside link-local / unique-local / shared ranges.
const REFUSED: Range[] = [
  ...ranges('metadata', ['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', 'fd00:ec2::254/128']),
  ...ranges('loopback', ['127.0.0.0/8', '::1/128']),
  ...ranges('unspecified', ['0.0.0.0/8', '::/128']),
  ...ranges('private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10']),
  ...ranges('shared', ['100.64.0.0/10']),
  ...ranges('link-local', ['169.254.0.0/16', 'fe80::/10']),
  ...ranges('multicast', ['224.0.0.0/4', 'ff00::/8']),
  ...ranges('reserved', [
    '192.0.0.0/24',
    '192.0.2.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '240.0.0.0/4',
    '100::/64',
    '2001:db8::/32',
  ]),
];

// IPv6 forms that carry an IPv4 address a router or the kernel will reach: mapped, NAT64, 6to4, IPv4-compatible
// (the last one minus :: and ::1, which are IPv6's own). `at` is where the IPv4 address starts.
const EMBEDDED_V4: Array<Cidr & { at: number }> = [
  { ...cidr('::ffff:0:0/96'), at: 12 },
  { ...cidr('64:ff9b::/96'), at: 12 },
  { ...cidr('2002::/16'), at: 2 },
  { ...cidr('::/96'), at: 12 },
];
const IPV6_OWN = cidr('::/127');

/** Builds the policy for a mode; `allow` entries are IP addresses or CIDR ranges (throws on anything else). */
export function addressPolicy(opts: { sandbox: boolean; allow?: readonly string[] }): AddressPolicy {
  return {
    allowLoopback: opts.sandbox,
    allow: (opts.allow ?? [])
      .map((s) => s.trim())
      .filter(Boolean)
      .map(cidr),
  };
}

/** Why an IP address may not be reached, or null when it may. */
export function addressCategory(address: string, policy: AddressPolicy): AddressCategory | null {
  const bytes = addressBytes(address);
  if (!bytes) return 'reserved';
  if (policy.allow.some((c) => inCidr(bytes, c))) return null;
  if (bytes.length === 16) {
    const embedded = !inCidr(bytes, IPV6_OWN) && EMBEDDED_V4.find((e) => inCidr(bytes, e));
    if (embedded) return addressCategory(bytes.slice(embedded.at, embedded.at + 4).join('.'), policy);
  }
  const hit = REFUSED.find((r) => inCidr(bytes, r));
  if (!hit) return null;
  if (hit.category === 'loopback' && policy.allowLoopback) return null;
  return hit.category;
}

const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/**
 * What can be said of a URL's host before resolving it: IP literals are classified, reserved names refused.
 * Other names pass here and are checked on every connection, after resolution.
 */
export function hostCategory(hostname: string, policy: AddressPolicy): AddressCategory | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (addressBytes(host)) return addressCategory(host, policy);
  if (METADATA_NAMES.has(host)) return 'metadata';
  if (host === 'localhost' || host.endsWith('.localhost')) return policy.allowLoopback ? null : 'loopback';
  return null;
}

/** The error a refused connection fails with; the sender turns it into a log line without the address. */
export const ADDRESS_REFUSED = 'EADDRREFUSEDBYPOLICY';

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/**
 * A `lookup` for sockets: resolves, and refuses the connection when ANY resolved address is refused (so neither
 * DNS rebinding nor a mixed answer can steer the socket), returning exactly the addresses it checked.
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted =
          options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const refused = wanted.find((a) => addressCategory(a.address, policy) !== null);
        if (!wanted.length || refused) {
          const err = Object.assign(
            new Error(refused ? 'address refused by the webhook address policy' : `no address for ${hostname}`),
            {
              code: refused ? ADDRESS_REFUSED : 'ENOTFOUND',
            },
          );
          return callback(err, '', 0);
        }
        if (options.all) return (callback as unknown as (e: null, a: typeof wanted) => void)(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (err) => callback(err, '', 0),
    );
  };
}
