import { Type } from '@sinclair/typebox';
import { Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';

export const DealStageSchema = Type.Object({
  id: Type.String({ examples: ['dstg_127b3057d5df338e'] }),
  created_at: Timestamp,
  name: Type.String(),
  position: Type.Integer(),
  updated_at: Timestamp,
});

export const DealStageParams = Type.Object({ stage_id: Type.String() });
export const DealStagesQuery = listQuery({ sort: ['created_at', 'updated_at', 'position'] });
export const DealStageEnvelope = oneEnvelope('stage', DealStageSchema);
export const DealStagesEnvelope = listEnvelope('stages', DealStageSchema);
