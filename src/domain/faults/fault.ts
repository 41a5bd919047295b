import { createHash } from 'node:crypto';
import { invalidContent } from '../../kernel/errors.ts';
import { randomBytes } from '../../kernel/ids.ts';

/**
 * Faults a partner sets on purpose to prove their client (docs/decisions/sandbox-faults.md): per access token or
 * OAuth application, sandbox mode only. The HTTP layer applies the first three to the target's API requests
 * (src/http/middleware/faults.ts), the webhook engine the last two to deliveries to the target's endpoints.
 */
export const FAULT_KINDS = [
  'latency',
  'rate_limit',
  'server_error',
  'webhook_timeout',
  'webhook_signature_rotation',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const SERVER_ERROR_STATUSES = [500, 502, 503, 504] as const;

export interface FaultSettings {
  /** Every Nth request (or attempt) since the fault was set; 1 = all. */
  every?: number;
  /** Or a share of them, drawn from a sequence seeded by `seed`: the same requests fail on every run. */
  rate?: number;
  seed?: string;
  /** latency */
  ms?: number;
  /** server_error */
  status?: number;
  /** rate_limit: the Retry-After header, in seconds. */
  retry_after?: number;
  /** webhook_signature_rotation: the new secret, and whether the old one's signature is dropped. */
  secret?: string;
  only_new?: boolean;
}

export interface Fault {
  id: string;
  operatorId: string;
  targetKind: 'token' | 'application';
  targetId: string;
  kind: FaultKind;
  settings: FaultSettings;
  createdAt: Date;
}

export type FaultInput = Partial<Record<keyof FaultSettings, unknown>>;

const int = (v: unknown, pointer: string, min: number, max: number): number => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (!Number.isInteger(n) || (n as number) < min || (n as number) > max)
    throw invalidContent(pointer, `value at \`${pointer}\` must be an integer from ${min} to ${max}`);
  return n as number;
};

/** Checks what a fault of this kind takes, with its defaults; a new rotation secret is made here. */
export function faultSettings(kind: FaultKind, input: FaultInput): FaultSettings {
  const allowed: Record<FaultKind, Array<keyof FaultSettings>> = {
    latency: ['ms'],
    rate_limit: ['retry_after'],
    server_error: ['status'],
    webhook_timeout: [],
    webhook_signature_rotation: ['only_new'],
  };
  const given = Object.keys(input).filter((k) => input[k as keyof FaultSettings] !== undefined);
  const stray = given.find((k) => !['every', 'rate', 'seed', ...allowed[kind]].includes(k));
  if (stray) throw invalidContent(`/${stray}`, `value at \`/${stray}\` does not apply to a ${kind} fault`);
  if (input.every !== undefined && input.rate !== undefined)
    throw invalidContent('/rate', 'value at `/rate` cannot be given with `/every`: choose one');
  const out: FaultSettings = {};
  if (input.rate !== undefined) {
    const rate = typeof input.rate === 'string' ? Number(input.rate) : input.rate;
    if (typeof rate !== 'number' || !(rate > 0 && rate <= 1))
      throw invalidContent('/rate', 'value at `/rate` must be a number above 0 and at most 1');
    out.rate = rate;
    out.seed = input.seed === undefined ? 'lockyard' : String(input.seed).slice(0, 100);
  } else {
    if (input.seed !== undefined) throw invalidContent('/seed', 'value at `/seed` goes with `/rate`');
    out.every = input.every === undefined ? 1 : int(input.every, '/every', 1, 1_000_000);
  }
  if (kind === 'latency') out.ms = int(input.ms ?? 1000, '/ms', 1, 30_000);
  if (kind === 'rate_limit') out.retry_after = int(input.retry_after ?? 1, '/retry_after', 1, 3600);
  if (kind === 'server_error') {
    out.status = Number(input.status ?? 500);
    if (!(SERVER_ERROR_STATUSES as readonly number[]).includes(out.status))
      throw invalidContent('/status', `value at \`/status\` must be one of ${SERVER_ERROR_STATUSES.join(', ')}`);
  }
  if (kind === 'webhook_signature_rotation') {
    out.secret = randomBytes(32).toString('hex'); // the shape of an endpoint's own secret
    out.only_new = input.only_new === true || input.only_new === 'true';
  }
  return out;
}

/** Whether the nth request (or attempt, from 1) since the fault was set is hit. */
export function faultHits(settings: FaultSettings, n: number): boolean {
  if (settings.rate !== undefined) {
    const draw = createHash('sha256').update(`${settings.seed}:${n}`).digest().readUInt32BE(0) / 2 ** 32;
    return draw < settings.rate;
  }
  return n % (settings.every ?? 1) === 0;
}

const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** One line: what the fault does and to which share of requests. */
export function describeFault(f: Pick<Fault, 'kind' | 'settings'>): string {
  const s = f.settings;
  const which =
    s.rate !== undefined
      ? `${Math.round(s.rate * 10000) / 100} % (seed ${s.seed})`
      : s.every === 1
        ? 'every one'
        : `every ${ordinal(s.every!)}`;
  const what: Record<FaultKind, string> = {
    latency: `+${s.ms} ms`,
    rate_limit: `429, Retry-After ${s.retry_after} s`,
    server_error: `${s.status}`,
    webhook_timeout: 'delivery recorded as timed out (the receiver still gets it; retried)',
    webhook_signature_rotation: `signed with new secret ${s.secret}${s.only_new ? ' only' : ' and the current one'}`,
  };
  return `${what[f.kind]}; ${f.kind.startsWith('webhook') ? 'attempts' : 'requests'}: ${which}`;
}
