import type { ProtectionLevel } from '../../domain/catalogue/protection-level.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';
import { pricesFor } from './prices.repo.ts';
import { CATALOGUE_MEMO, forgetInTx } from '../tx-memo.ts';

function toProtectionLevel(r: Row<'protection_levels'>): ProtectionLevel {
  return {
    id: r.id,
    operatorId: r.operator_id,
    coverLevel: r.cover_level,
    accountCode: r.account_code,
    public: r.public,
    stripeProductId: r.stripe_product_id,
    prices: [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function withPrices(tx: Handle, list: ProtectionLevel[]): Promise<ProtectionLevel[]> {
  const prices = await pricesFor(
    tx,
    list.map((p) => p.id),
  );
  for (const p of list) p.prices = prices.get(p.id) ?? [];
  return list;
}

export async function insertProtectionLevel(tx: Tx, p: Omit<ProtectionLevel, 'prices'>): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  await tx
    .insertInto('protection_levels')
    .values({
      id: p.id,
      operator_id: p.operatorId,
      cover_level: p.coverLevel,
      account_code: p.accountCode,
      public: p.public,
      stripe_product_id: p.stripeProductId,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    })
    .execute();
}

export async function findProtectionLevels(tx: Handle, operatorId: string, ids: string[]): Promise<ProtectionLevel[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('protection_levels')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return withPrices(tx, rows.map(toProtectionLevel));
}

export async function listProtectionLevels(
  tx: Handle,
  operatorId: string,
  page: Page,
): Promise<PageOf<ProtectionLevel>> {
  const qb = tx
    .selectFrom('protection_levels')
    .selectAll('protection_levels')
    .where('protection_levels.operator_id', '=', operatorId);
  const res = await paginate(
    qb,
    page,
    { created_at: 'protection_levels.created_at' },
    toProtectionLevel,
    'protection_levels',
  );
  await withPrices(tx, res.items);
  return res;
}

export async function touchProtectionLevel(tx: Tx, operatorId: string, id: string, at: Date): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  await tx
    .updateTable('protection_levels')
    .set({ updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

export async function updateProtectionLevel(
  tx: Tx,
  operatorId: string,
  id: string,
  change: Partial<Pick<ProtectionLevel, 'coverLevel' | 'accountCode' | 'public'>>,
  at: Date,
): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  const set: Record<string, unknown> = { updated_at: at };
  if (change.coverLevel !== undefined) set.cover_level = change.coverLevel;
  if (change.accountCode !== undefined) set.account_code = change.accountCode;
  if (change.public !== undefined) set.public = change.public;
  await tx
    .updateTable('protection_levels')
    .set(set)
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}
