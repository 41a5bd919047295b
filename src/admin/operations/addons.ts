import { ADDON_STATES, type AddonState } from '../../domain/addons/addon.ts';
import { AdminError, json, operatorContext, optStr, str, strList, type AdminOperation } from '../admin-operation.ts';

/** `lockyard addons create --definition FILE`: the definition (webtask sources inlined by the CLI); prints its id. */
export const createAddonDefinition: AdminOperation = async (lockyard, input) => {
  const def = await lockyard.services.addons.createDefinition(input.definition);
  const data = {
    id: def.id,
    name: def.name,
    level: def.level,
    events: def.events,
    webtasks: Object.keys(def.webtasks),
  };
  return { stdout: input.json ? json(data) : `${def.id}\n`, data };
};

/** `code=value` pairs from `--set` (repeatable). */
function settingsOf(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new AdminError(`--set takes code=value, not '${pair}'`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** `lockyard addons install DEFINITION --operator ID [--site ID] [--set code=value…]`: key and secret shown once. */
export const installAddon: AdminOperation = async (lockyard, input) => {
  const ctx = await operatorContext(lockyard, str(input, 'operator'));
  const r = await lockyard.services.addons.install(ctx, {
    definitionId: str(input, 'definition'),
    siteId: optStr(input, 'site') ?? null,
    customFields: settingsOf(strList(input, 'set')),
  });
  const data = {
    addonId: r.install.id,
    apiKey: r.apiKey,
    signatureSecret: r.signatureSecret,
    apiUrl: r.apiUrl,
    state: r.install.state,
  };
  const webtask = r.webtask && !r.webtask.ok ? `The installed webtask failed: ${r.webtask.error}\n` : '';
  return {
    stdout: input.json
      ? json(data)
      : `addonId         ${data.addonId}\napiKey          ${data.apiKey}\nsignatureSecret ${data.signatureSecret}\napiUrl          ${data.apiUrl}\nstate           ${data.state}\n`,
    stderr: `${webtask}Store the API key and signing secret now: they are not shown again.\n`,
    data,
  };
};

/** `lockyard addons configure ADDON_ID --set code=value…` (secret values are never printed back). */
export const configureAddon: AdminOperation = async (lockyard, input) => {
  const addonId = str(input, 'addon');
  const operatorId = (await lockyard.services.addons.operatorOf(addonId)) ?? undefined;
  if (!operatorId) throw new AdminError(`no add-on install ${addonId}`);
  const view = await lockyard.services.addons.configure(
    await operatorContext(lockyard, operatorId),
    addonId,
    settingsOf(strList(input, 'set')),
  );
  return { stdout: json(view), data: view };
};

/** `lockyard addons enable|pause|disable ADDON_ID`. */
export const setAddonState: AdminOperation = async (lockyard, input) => {
  const addonId = str(input, 'addon');
  const state = str(input, 'state') as AddonState;
  if (!ADDON_STATES.includes(state)) throw new AdminError(`state must be one of ${ADDON_STATES.join(', ')}`);
  const operatorId = await lockyard.services.addons.operatorOf(addonId);
  if (!operatorId) throw new AdminError(`no add-on install ${addonId}`);
  const view = await lockyard.services.addons.setState(await operatorContext(lockyard, operatorId), addonId, state);
  return { stdout: input.json ? json(view) : `${view.addonId} ${view.state}\n`, data: view };
};

/** `lockyard addons list --operator ID`. */
export const listAddons: AdminOperation = async (lockyard, input) => {
  const views = await lockyard.services.addons.list(await operatorContext(lockyard, str(input, 'operator')));
  return {
    stdout: input.json
      ? json(views)
      : views.map((v) => `${v.addonId}  ${v.state}  ${v.name}${v.siteId ? `  ${v.siteId}` : ''}\n`).join(''),
    data: views,
  };
};
