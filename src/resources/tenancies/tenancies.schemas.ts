import { Type } from '@sinclair/typebox';
import { Nullable, Ref, Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';

export const TenancySchema = Type.Object({
  id: Type.String({ examples: ['ten_acaf3269a573af74'] }),
  contact: Ref('con'),
  created_at: Timestamp,
  ends_at: Nullable(Timestamp),
  order: Nullable(Ref('order')),
  site: Ref('site'),
  starts_at: Timestamp,
  subscription: Nullable(Ref('sub')),
  unit_allocations: Type.Array(Ref('alloc'), { description: 'One per physical unit' }),
  updated_at: Timestamp,
});

export const TenancyParams = Type.Object({ tenancy_id: Type.String({ description: 'The ID of the tenancy' }) });
export const TenanciesQuery = listQuery({ sort: ['created_at'], expand: true });
export const TenancyEnvelope = oneEnvelope('tenancy', TenancySchema);
export const TenanciesEnvelope = listEnvelope('tenancies', TenancySchema);
