import type { Clock } from '../kernel/clock.ts';
import type { HttpAnswer, HttpExchange } from '../kernel/net/http-exchange.ts';
import type { Db } from '../storage/database.ts';
import * as store from '../storage/repos/builtin-addons.repo.ts';
import type { Sealer } from '../domain/addons/sealing.ts';
import { AddonFailure, addonApiClient, signatureMatches, type Envelope } from './addon-client.ts';
import type { BuiltinAddon } from './builtin-addon.ts';
import { keypadAddon } from './keypad.addon.ts';
import { ledgerAddon, ledgerCsv } from './ledger.addon.ts';

export const BUILTIN_ADDONS: BuiltinAddon[] = [keypadAddon, ledgerAddon];
export const BUILTIN_PATH = '/addons/builtin';

/** What an install hands its add-on once: the values the back office shows the operator for a partner. */
export interface InstallCredentials {
  addonId: string;
  apiKey: string;
  signatureSecret: string;
  apiUrl: string;
}

/**
 * Lockyard's own add-ons, on the public protocol only (docs/decisions/addons.md): each is an HTTP handler mounted
 * on the server (web/builtin-addons), verifying `sg-signature` with the secret its install handed it, and calling
 * back through the add-on API with `Authorization: Addon …` over `http`. They keep their credentials and records in
 * their own tables, sealed, as a partner would in its own database; they never call a domain service.
 */
export function builtinAddons(deps: { db: Db; clock: Clock; sealer: Sealer; http: HttpExchange }) {
  const { db, sealer } = deps;
  const byCode = new Map(BUILTIN_ADDONS.map((a) => [a.code, a]));
  const byDefinition = new Map(BUILTIN_ADDONS.map((a) => [a.definitionId, a]));
  const ownStore = { record: (row: store.LedgerRow) => store.insertLedgerRow(db, row) };

  const answer = (status: number, body: unknown): HttpAnswer => ({ status, body: JSON.stringify(body) });

  return {
    /** The definitions to keep in the catalogue, with this start's webhook URLs. */
    definitions: (publicUrl: string) =>
      BUILTIN_ADDONS.map((a) => ({
        id: a.definitionId,
        input: a.definition(`${publicUrl}${BUILTIN_PATH}/${a.code}/webhook`),
      })),

    isBuiltin: (definitionId: string) => byDefinition.has(definitionId),

    /** An install of a built-in definition: its key and secret go to the add-on's own store, sealed. */
    async onInstalled(definitionId: string, creds: InstallCredentials): Promise<void> {
      if (!byDefinition.has(definitionId)) return;
      await store.saveBuiltinCredentials(db, {
        addonId: creds.addonId,
        definitionId,
        apiKeySealed: sealer.seal(creds.apiKey),
        signatureSecretSealed: sealer.seal(creds.signatureSecret),
        apiUrl: creds.apiUrl,
        createdAt: deps.clock.now(),
      });
    },

    /**
     * One delivery to `<code>`'s webhook: 401 unless signed by an install of that add-on, 400 for a body that is
     * not an envelope, the handler's failure status (so Lockyard retries, then opens its task and alerts), or 200.
     */
    async receive(code: string, rawBody: string, signature: string | undefined): Promise<HttpAnswer> {
      const addon = byCode.get(code);
      if (!addon) return answer(404, { message: `No built-in add-on '${code}'.` });
      let env: Envelope;
      try {
        env = JSON.parse(rawBody);
      } catch {
        return answer(400, { message: 'The body is not JSON.' });
      }
      if (typeof env?.addonId !== 'string' || typeof env.type !== 'string' || typeof env.apiUrl !== 'string')
        return answer(400, { message: 'Not an add-on envelope.' });
      const creds = await store.findBuiltinCredentials(db, env.addonId);
      if (!creds || creds.definitionId !== addon.definitionId) return answer(401, { message: 'Unknown install.' });
      if (!signatureMatches(sealer.open(creds.signatureSecretSealed), rawBody, signature))
        return answer(401, { message: 'Bad sg-signature.' });
      // The API URL this install was given, not the envelope's: a signed body cannot send the key elsewhere.
      const api = addonApiClient(deps.http, creds.apiUrl, env.addonId, sealer.open(creds.apiKeySealed));
      try {
        return answer(200, { done: await addon.handle(env, api, ownStore) });
      } catch (err) {
        const status = err instanceof AddonFailure ? err.status : 500;
        return answer(status >= 400 && status < 600 ? status : 500, { message: (err as Error).message });
      }
    },

    /** The CSV export add-on's rows for one install (the back office checks the install is the operator's). */
    exportCsv: async (addonId: string): Promise<string> => ledgerCsv(await store.listLedgerRows(db, addonId)),
  };
}

export type BuiltinAddons = ReturnType<typeof builtinAddons>;
