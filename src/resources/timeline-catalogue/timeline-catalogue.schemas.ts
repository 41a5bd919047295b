import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';

export const TimelineSourceSchema = Type.Object({
  id: Type.String({ examples: ['tsrc_14b419f1096013f1'] }),
  created_at: Timestamp,
  global: Type.Boolean({ description: 'true: a source shared by every operator; false: this operator’s own' }),
  name: Type.String(),
  updated_at: Timestamp,
  website_url: Nullable(Type.String()),
});

export const TimelineTemplateSchema = Type.Object({
  id: Type.String({ examples: ['aetpl_14b419f1096013f1'] }),
  created_at: Timestamp,
  global: Type.Boolean(),
  message: Type.String({ description: 'The default English Liquid template' }),
  name: Type.String(),
  updated_at: Timestamp,
  variables: Type.Object({ custom: Type.Array(Type.String()), predefined: Type.Array(Type.String()) }),
});

export const TimelineQuery = listQuery({ timeRange: 'created_updated' });
export const SourceParams = Type.Object({ source_id: Type.String() });
export const TemplateParams = Type.Object({ template_id: Type.String() });
export const SourceEnvelope = oneEnvelope('source', TimelineSourceSchema);
export const SourcesEnvelope = listEnvelope('sources', TimelineSourceSchema);
export const TemplateEnvelope = oneEnvelope('template', TimelineTemplateSchema);
export const TemplatesEnvelope = listEnvelope('templates', TimelineTemplateSchema);
