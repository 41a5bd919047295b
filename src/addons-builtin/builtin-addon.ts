import type { LedgerRow } from '../storage/repos/builtin-addons.repo.ts';
import type { AddonApiClient, Envelope } from './addon-client.ts';

/** What a built-in add-on keeps for itself (its own database, as a partner has one). */
export interface BuiltinStore {
  /** False when this envelope was recorded before (a resend). */
  record(row: LedgerRow): Promise<boolean>;
}

/**
 * One of Lockyard's own add-ons: a definition shipped with Lockyard (fixed id, installed like any other) and the
 * handler behind its webhook. It knows the platform only through the envelope and the add-on API client.
 */
export interface BuiltinAddon {
  /** Its path: `<public url>/addons/builtin/<code>/webhook`. */
  code: string;
  definitionId: string;
  /** The definition file's content (docs/addons.md), with the webhook URL of this start. */
  definition(webhookUrl: string): Record<string, unknown>;
  /** Handles one verified delivery; what it did goes to the answer (and the tests). Throws AddonFailure to fail. */
  handle(env: Envelope, api: AddonApiClient, store: BuiltinStore): Promise<string>;
}
