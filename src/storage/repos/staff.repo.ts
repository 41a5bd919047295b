import type { StaffMember } from '../../domain/staff/staff.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { likePattern, paginate } from './paging.ts';

function toStaff(r: Row<'staff'>): StaffMember {
  return {
    id: r.id,
    operatorId: r.operator_id,
    name: r.name,
    email: r.email,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertStaff(tx: Tx, s: StaffMember): Promise<void> {
  await tx
    .insertInto('staff')
    .values({
      id: s.id,
      operator_id: s.operatorId,
      name: s.name,
      email: s.email,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    })
    .execute();
}

export async function findStaff(tx: Handle, operatorId: string, ids: string[]): Promise<StaffMember[]> {
  if (!ids.length) return [];
  return (
    await tx.selectFrom('staff').selectAll().where('operator_id', '=', operatorId).where('id', 'in', ids).execute()
  ).map(toStaff);
}

export async function listStaff(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: { search?: string },
): Promise<PageOf<StaffMember>> {
  let qb = tx.selectFrom('staff').selectAll('staff').where('staff.operator_id', '=', operatorId);
  if (filter.search) {
    const p = likePattern(filter.search);
    qb = qb.where((eb) => eb.or([eb('staff.name', 'ilike', p), eb('staff.email', 'ilike', p)]));
  }
  return paginate(qb, page, { created_at: 'staff.created_at' }, toStaff, 'staff');
}
