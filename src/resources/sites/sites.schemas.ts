import { Type } from '@sinclair/typebox';
import {
  ImagesSchema,
  Nullable,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';

const Day = Type.Object({
  close: Type.Optional(Nullable(Type.String({ pattern: '^\\d{2}:\\d{2}$' }))),
  open: Type.Optional(Nullable(Type.String({ pattern: '^\\d{2}:\\d{2}$' }))),
  status: StringEnum(['set_hours', 'twenty_four_hours', 'closed'] as const),
});

export const SiteSchema = Type.Object({
  id: Type.String({ examples: ['site_14b419f1096013f1'] }),
  access_hours: Type.Object({
    friday: Day,
    monday: Day,
    saturday: Day,
    sunday: Day,
    thursday: Day,
    tuesday: Day,
    wednesday: Day,
  }),
  address: Type.Object({
    city: Type.String(),
    line_1: Type.String(),
    line_2: Nullable(Type.String()),
    postal_code: Type.String(),
  }),
  created_at: Timestamp,
  description: Nullable(Type.String()),
  directions: Type.Object({ google_maps_url: Nullable(Type.String()) }),
  images: ImagesSchema,
  name: Type.String(),
  opened_at: Nullable(Timestamp),
  phone: Nullable(Type.String()),
  updated_at: Timestamp,
});

export const SiteParams = Type.Object({ site_id: Type.String() });
export const SitesQuery = listQuery({ sort: ['created_at'], search: true, expand: true });
export const SiteEnvelope = oneEnvelope('site', SiteSchema);
export const SitesEnvelope = listEnvelope('sites', SiteSchema);
