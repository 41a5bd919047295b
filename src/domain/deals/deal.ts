import type { Metadata } from '../metadata/metadata.ts';

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
/**
 * The reference shows five reasons (one cut after `contract`); the rest complete the list a sales team
 * needs (docs/decisions/deals-tasks-notes.md).
 */
export const LOST_REASONS = [
  'accessibility_concern',
  'better_deal_elsewhere',
  'chose_competitor',
  'contract_terms',
  'no_longer_needed',
  'no_response',
  'price_concerns',
  'size_unavailable',
  'other',
] as const;
/** A deal names at most one item of each type; they render in this (alphabetical) order. */
export const DEAL_LINE_ITEM_TYPES = ['product', 'protection', 'unit_type'] as const;

export type DealStatus = (typeof DEAL_STATUSES)[number];
export type LostReason = (typeof LOST_REASONS)[number];
export type DealLineItemType = (typeof DEAL_LINE_ITEM_TYPES)[number];

export interface DealLineItem {
  type: DealLineItemType;
  itemId: string;
  quantity: number;
}

export interface Deal {
  id: string;
  operatorId: string;
  name: string;
  contactId: string;
  /** The stage it is in; a won or lost deal keeps the one it left the board from. */
  stageId: string;
  status: DealStatus;
  lostReason: LostReason | null;
  assigneeId: string | null;
  creatorId: string;
  siteId: string | null;
  note: string | null;
  valueEstimate: string | null;
  startsAt: Date | null;
  lineItems: DealLineItem[];
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
}

export interface DealFilter {
  statuses?: string[];
  stageIds?: string[];
  contactIds?: string[];
  assigneeIds?: string[];
  siteIds?: string[];
  lostReasons?: string[];
  search?: string;
}
