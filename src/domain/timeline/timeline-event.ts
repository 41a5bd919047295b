/** The records an external timeline event may be attached to, each by id (or null). */
export const TIMELINE_EVENT_LINKS = [
  'contact',
  'invoice',
  'site',
  'subscription',
  'tenancy',
  'unit',
  'unit_type',
] as const;
export type TimelineEventLink = (typeof TIMELINE_EVENT_LINKS)[number];

/** An action taken on a partner's platform, shown on the operator's timeline (the partner guide's "External Events"). */
export interface TimelineEvent {
  id: string;
  operatorId: string;
  sourceId: string;
  templateId: string;
  links: Record<TimelineEventLink, string | null>;
  description: string | null;
  external: { id: string | null; url: string | null } | null;
  variables: Record<string, string>;
  /** The template rendered for the contact's own timeline (`global_context` false). */
  message: string;
  /** The template rendered for a feed of every contact (`global_context` true). */
  globalMessage: string;
  creatorId: string;
  createdAt: Date;
  updatedAt: Date;
}
