import type { Metadata } from '../metadata/metadata.ts';
import type { RelatedType } from '../references/references.ts';

/** What a note may annotate (the reference: unit, contact, subscription, task; plus deal and tenancy). */
export const NOTE_RESOURCE_TYPES = [
  'contact',
  'deal',
  'subscription',
  'task',
  'tenancy',
  'unit',
] as const satisfies readonly RelatedType[];

export interface Note {
  id: string;
  operatorId: string;
  content: string;
  creatorId: string;
  resourceType: RelatedType;
  resourceId: string;
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
}

export interface NoteFilter {
  resourceIds?: string[];
  resourceTypes?: string[];
}
