import type { Clock } from '../../kernel/clock.ts';
import { DomainError, invalidContent } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Db } from '../../storage/database.ts';
import { deleteApiFaults, listApiFaults, upsertApiFault } from '../../storage/repos/api-faults.repo.ts';
import { listAccessTokens } from '../../storage/repos/access-tokens.repo.ts';
import { findApplication, findApplicationByClientId } from '../../storage/repos/oauth-applications.repo.ts';
import { FAULT_KINDS, faultHits, faultSettings, type Fault, type FaultInput, type FaultKind } from './fault.ts';

const HTTP_KINDS: readonly FaultKind[] = ['latency', 'rate_limit', 'server_error'];

/** Who a webhook endpoint answers to: the token that created it, or its OAuth application. */
export interface EndpointOwner {
  applicationId: string | null;
  authorityKind: string;
  authorityId: string;
}

/**
 * Sets, lists and clears faults (sandbox mode only), and tells the HTTP layer and the webhook engine which apply.
 * Faults are read once per operator and kept until any write (any process) drops the cache; which requests a
 * fault hits is counted per process from the moment it was set (fault.ts), so a run against one server repeats.
 */
export function faultsService({
  db,
  clock,
  sandbox,
  onDataChange,
}: {
  db: Db;
  clock: Clock;
  sandbox: boolean;
  onDataChange?: (listener: () => void) => () => void;
}) {
  const cache = new Map<string, Promise<Fault[]>>();
  const counts = new Map<string, number>();
  onDataChange?.(() => cache.clear());

  const load = (operatorId: string) => {
    let faults = cache.get(operatorId);
    if (!faults) {
      faults = listApiFaults(db, operatorId).then((rows) => rows as Fault[]);
      faults.catch(() => cache.delete(operatorId));
      cache.set(operatorId, faults);
    }
    return faults;
  };

  function requireSandbox() {
    if (!sandbox) throw new DomainError('invalid_endpoint', 'Faults exist in sandbox mode only.');
  }

  /** `tok_…` (the operator's), or `app_…` / a client id (the operator's application or a partner application). */
  async function target(operatorId: string, ref: string): Promise<Pick<Fault, 'targetKind' | 'targetId'>> {
    if (ref.startsWith('tok_')) {
      const token = (await listAccessTokens(db, operatorId)).find((t) => t.id === ref && !t.revokedAt);
      if (!token) throw invalidContent('/target', `value at \`/target\` is no live access token of this operator`);
      return { targetKind: 'token', targetId: token.id };
    }
    const app = ref.startsWith('app_') ? await findApplication(db, ref) : await findApplicationByClientId(db, ref);
    if (!app || app.deletedAt || (app.kind === 'operator' && app.operatorId !== operatorId))
      throw invalidContent(
        '/target',
        'value at `/target` is no access token (tok_…) or application (app_… or client id)',
      );
    return { targetKind: 'application', targetId: app.id };
  }

  /** Whether this fault hits now: the nth request it sees in this process. */
  function hits(f: Fault): boolean {
    const n = (counts.get(f.id) ?? 0) + 1;
    counts.set(f.id, n);
    return faultHits(f.settings, n);
  }

  return {
    kinds: FAULT_KINDS,

    async set(operatorId: string, input: { target: string; kind: string } & FaultInput): Promise<Fault> {
      requireSandbox();
      const { target: ref, kind, ...rest } = input;
      if (!(FAULT_KINDS as readonly string[]).includes(kind))
        throw invalidContent('/kind', `value at \`/kind\` must be one of ${FAULT_KINDS.join(', ')}`);
      const fault: Fault = {
        id: newId('fault'),
        operatorId,
        ...(await target(operatorId, ref)),
        kind: kind as FaultKind,
        settings: faultSettings(kind as FaultKind, rest),
        createdAt: clock.now(),
      };
      await upsertApiFault(db, { ...fault, settings: { ...fault.settings } });
      cache.delete(operatorId);
      return fault;
    },

    async list(operatorId: string): Promise<Fault[]> {
      return listApiFaults(db, operatorId) as Promise<Fault[]>;
    },

    /** Clears the operator's faults: all, a target's, or one kind. Returns how many. */
    async clear(operatorId: string, filter: { target?: string; kind?: string } = {}): Promise<number> {
      requireSandbox();
      if (filter.kind && !(FAULT_KINDS as readonly string[]).includes(filter.kind))
        throw invalidContent('/kind', `value at \`/kind\` must be one of ${FAULT_KINDS.join(', ')}`);
      const targetId = filter.target ? (await target(operatorId, filter.target)).targetId : undefined;
      const n = await deleteApiFaults(db, operatorId, { targetId, kind: filter.kind });
      cache.delete(operatorId);
      return n;
    },

    /** The API-request faults that hit this request of this caller (in the order latency, 429, 5xx). */
    async forRequest(operatorId: string, tokenId: string | null, applicationId: string | null): Promise<Fault[]> {
      if (!sandbox) return [];
      const mine = (await load(operatorId)).filter(
        (f) =>
          HTTP_KINDS.includes(f.kind) &&
          ((f.targetKind === 'token' && f.targetId === tokenId) ||
            (f.targetKind === 'application' && f.targetId === applicationId)),
      );
      return mine.filter(hits).sort((a, b) => HTTP_KINDS.indexOf(a.kind) - HTTP_KINDS.indexOf(b.kind));
    },

    /** The delivery faults that hit this attempt to an endpoint of this owner. */
    async forDelivery(operatorId: string, owner: EndpointOwner): Promise<Fault[]> {
      if (!sandbox) return [];
      const mine = (await load(operatorId)).filter(
        (f) =>
          !HTTP_KINDS.includes(f.kind) &&
          ((f.targetKind === 'application' && f.targetId === owner.applicationId) ||
            (f.targetKind === 'token' && owner.authorityKind === 'token' && f.targetId === owner.authorityId)),
      );
      return mine.filter(hits);
    },
  };
}

export type FaultsService = ReturnType<typeof faultsService>;
