import type { Handle, Tx, Row } from '../database.ts';

export interface StoredImage {
  id: string;
  operatorId: string;
  ownerId: string;
  name: string;
  filename: string;
  contentType: string;
  data: Uint8Array;
  createdAt: Date;
}

export async function insertImage(tx: Tx, i: StoredImage): Promise<void> {
  await tx
    .insertInto('images')
    .values({
      id: i.id,
      operator_id: i.operatorId,
      owner_id: i.ownerId,
      name: i.name,
      filename: i.filename,
      content_type: i.contentType,
      data: Buffer.from(i.data),
      created_at: i.createdAt,
    })
    .execute();
}

export async function findImageByOwner(tx: Handle, ownerId: string, name: string): Promise<StoredImage | undefined> {
  const r = await tx
    .selectFrom('images')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('name', '=', name)
    .executeTakeFirst();
  return toImage(r);
}

export async function findImageById(tx: Handle, id: string): Promise<StoredImage | undefined> {
  return toImage(await tx.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst());
}

function toImage(r: Row<'images'> | undefined): StoredImage | undefined {
  return (
    r && {
      id: r.id,
      operatorId: r.operator_id,
      ownerId: r.owner_id,
      name: r.name,
      filename: r.filename,
      contentType: r.content_type,
      data: r.data,
      createdAt: r.created_at,
    }
  );
}

export async function getSetting(tx: Handle, key: string): Promise<string | undefined> {
  const r = await tx.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

/** Sets the value unless another process set it first; returns the value that won. */
export async function initSetting(tx: Handle, key: string, value: string): Promise<string> {
  await tx
    .insertInto('instance_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(tx, key))!;
}
