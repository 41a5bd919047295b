import type { CustomFieldDef } from './addon.ts';

/** What a webtask may call: the only way it reaches Lockyard (it runs with no host access). */
export interface WebtaskApi {
  ensureCustomField(model: string, def: CustomFieldDef): Promise<{ created: boolean }>;
}

export interface WebtaskOutcome {
  ok: boolean;
  /** Its console output, in order, for the add-on's log. */
  logs: Array<{ level: 'info' | 'warn' | 'error'; message: string }>;
  error: string | null;
}

/**
 * Runs one webtask's source (`export default async function ({ api, context }) {…}`) in a sandbox with a time
 * limit (engines/addons/webtask-runner.ts); given to the services by main.ts.
 */
export type WebtaskRunner = (
  source: string,
  context: Record<string, unknown>,
  api: WebtaskApi,
  opts: { timeoutMs: number },
) => Promise<WebtaskOutcome>;

/** The time a webtask gets before it is stopped. */
export const WEBTASK_TIMEOUT_MS = 5_000;
