import type { Metadata } from '../metadata/metadata.ts';
import type { RelatedType } from '../references/references.ts';

export const TASK_STATUSES = ['open', 'completed'] as const;
/** What a task may be about (the reference: unit, contact, subscription; the issue adds deal and tenancy). */
export const TASK_RESOURCE_TYPES = [
  'contact',
  'deal',
  'subscription',
  'tenancy',
  'unit',
] as const satisfies readonly RelatedType[];

export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task {
  id: string;
  operatorId: string;
  title: string;
  description: string | null;
  dueAt: Date | null;
  status: TaskStatus;
  completedAt: Date | null;
  assigneeId: string | null;
  creatorId: string;
  siteId: string | null;
  resourceType: RelatedType | null;
  resourceId: string | null;
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
}

export interface TaskFilter {
  statuses?: string[];
  assigneeIds?: string[];
  siteIds?: string[];
  resourceIds?: string[];
  resourceTypes?: string[];
  dueAfter?: Date;
  dueBefore?: Date;
  /** Open tasks whose due time has passed on the operator's clock (`now` is that clock's reading). */
  overdueAt?: Date;
  search?: string;
}
