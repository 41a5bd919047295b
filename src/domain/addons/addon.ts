import { localHourOn } from '../lifecycle/local-time.ts';

/** The Storeganise add-on model on Lockyard (docs/addons.md). */

export const ADDON_STATES = ['disabled', 'paused', 'enabled'] as const;
/** disabled: no webhooks, no API; paused (after install): API only; enabled: both (the partner guide). */
export type AddonState = (typeof ADDON_STATES)[number];

export const ADDON_LEVELS = ['operator', 'site'] as const;
export type AddonLevel = (typeof ADDON_LEVELS)[number];

/** Records custom fields live on, by the Storeganise model names. */
export const CUSTOM_FIELD_MODELS = ['unitRental', 'unit', 'user', 'site', 'unitType', 'invoice', 'business'] as const;
export type CustomFieldModel = (typeof CUSTOM_FIELD_MODELS)[number];

export const CUSTOM_FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'choice', 'text'] as const;

/** One custom field as a developer defines it (on the add-on itself, or via `api.ensureCustomField`). */
export interface CustomFieldDef {
  code: string;
  title: string | Record<string, string>;
  type: string;
  choices?: string[];
  required?: boolean;
  /** Stored sealed; never shown back to staff; returned only to the add-on itself. */
  secret?: boolean;
  readOnly?: boolean;
  /** What the customer may do with it (`read`, `write`, or none). */
  ownerAcl?: string;
}

/**
 * A `secret: true` record field's value as stored: sealed (AES-256-GCM). Only the add-on that defined the field
 * reads it opened; staff see that it is set, the portal never sees it.
 */
export class SealedFieldValue {
  constructor(readonly sealed: string) {}
}

/** What staff read in place of a secret record field's value. */
export const SECRET_MASK = '[secret]';

export interface AddonDefinition {
  id: string;
  name: string;
  description: string;
  setupInstructions: string;
  level: AddonLevel;
  webhookUrl: string | null;
  events: string[];
  customFields: CustomFieldDef[];
  /** Source code by hook: `installed` runs on install and on every configuration change. */
  webtasks: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

export interface AddonInstall {
  id: string;
  operatorId: string;
  definitionId: string;
  siteId: string | null;
  state: AddonState;
  /** Non-secret custom-field values of the add-on itself. */
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** What an install stores sealed (AES-256-GCM): only the delivery engine and the add-on's own API call open them. */
export interface AddonSealed {
  apiKeyHash: string;
  signatureSecretSealed: string;
  secretSettingsSealed: string | null;
}

export type AddonDeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'skipped';

export interface AddonDelivery {
  id: string;
  operatorId: string;
  addonId: string;
  type: string;
  body: string;
  status: AddonDeliveryStatus;
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AddonLogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  createdAt: Date;
}

/** The job kind of one add-on delivery attempt (engines/addons). */
export const ADDON_DELIVERY_JOB = 'addon.deliver';

/**
 * Storeganise publishes no retry policy; ours: 1 min, 5 min, 30 min, 2 h after each failed attempt (operator clock),
 * then failed and an operator task "Errors in <add-on>" (docs/decisions/addons.md).
 */
export const ADDON_RETRY_DELAYS_SECONDS = [60, 5 * 60, 30 * 60, 2 * 3600] as const;

/** The add-on guide's limit: a 200 within 30 s, or the attempt failed. */
export const ADDON_DELIVERY_TIMEOUT_MS = 30_000;

/** The job that sends `addon.dailyEvent.started` at each local midnight of the operator (engines/addons). */
export const ADDON_DAILY_JOB = 'addon.daily';
export const ADDON_DAILY_EVENT = 'addon.dailyEvent.started';

/** The first local midnight after `now` in the zone (the operator's day starts there). */
export function nextLocalMidnight(now: Date, timeZone: string): Date {
  return localHourOn(new Date(now.getTime() + 86_400_000), timeZone, 0);
}
