import { invalidContent } from '../../kernel/errors.ts';
import type { Tx } from '../../storage/database.ts';
import { ownedIds, type OwnedTable } from '../../storage/repos/ownership.repo.ts';
import type { Principal } from '../context.ts';

/** What each table is called in a partner-facing message. */
const WORDS: Record<OwnedTable, string> = {
  contacts: 'a contact',
  deals: 'a deal',
  deal_stages: 'a deal stage',
  invoices: 'an invoice',
  products: 'a product',
  protection_levels: 'a protection level',
  sites: 'a site',
  staff: 'a staff member',
  subscriptions: 'a subscription',
  tasks: 'a task',
  tenancies: 'a tenancy',
  unit_types: 'a unit type',
  units: 'a unit',
};

/**
 * A body reference (`{"site": {"id": …}}`) must name one of the operator's own records; another operator's
 * id reads exactly like an unknown one. Null/undefined pass (nothing referenced).
 */
export async function mustReference(
  tx: Tx,
  operatorId: string,
  table: OwnedTable,
  id: string | null | undefined,
  pointer: string,
): Promise<void> {
  if (id == null) return;
  if (!(await ownedIds(tx, table, operatorId, [id])).has(id)) {
    throw invalidContent(pointer, `value at \`${pointer}\` is not ${WORDS[table]} of this operator`);
  }
}

/** Records a task or note may be attached to, told apart by their id prefix. */
export const RELATED_TYPES = {
  contact: { prefix: 'con_', table: 'contacts' },
  deal: { prefix: 'deal_', table: 'deals' },
  subscription: { prefix: 'sub_', table: 'subscriptions' },
  task: { prefix: 'task_', table: 'tasks' },
  tenancy: { prefix: 'ten_', table: 'tenancies' },
  unit: { prefix: 'unit_', table: 'units' },
} as const satisfies Record<string, { prefix: string; table: OwnedTable }>;

export type RelatedType = keyof typeof RELATED_TYPES;

/**
 * The type of the operator's record `id` names, among `allowed`; otherwise a 422 at `pointer` listing
 * what may be named there.
 */
export async function relatedTypeOf(
  tx: Tx,
  operatorId: string,
  id: string,
  allowed: readonly RelatedType[],
  pointer: string,
): Promise<RelatedType> {
  const type = allowed.find((t) => id.startsWith(RELATED_TYPES[t].prefix));
  const words = allowed.join(', ');
  if (!type || !(await ownedIds(tx, RELATED_TYPES[type].table, operatorId, [id])).has(id)) {
    throw invalidContent(pointer, `value at \`${pointer}\` is not the id of a ${words} of this operator`);
  }
  return type;
}

/** Who a created record names as its `creator`: the application, else the staff member, else the token. */
export function creatorIdOf(p: Principal): string {
  const id = p.applicationId ?? p.staffId ?? p.tokenId;
  if (!id) throw new Error('a principal without an identity cannot create records');
  return id;
}
