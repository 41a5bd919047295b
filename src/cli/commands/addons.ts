import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The definition file, with each webtask path (relative to the file) replaced by its source. */
function readDefinition(file: string): Record<string, unknown> {
  let def: Record<string, unknown>;
  try {
    def = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the definition ${file}: ${(err as Error).message}`);
  }
  const webtasks = def.webtasks;
  if (webtasks && typeof webtasks === 'object' && !Array.isArray(webtasks)) {
    const sources: Record<string, unknown> = {};
    for (const [hook, path] of Object.entries(webtasks as Record<string, unknown>)) {
      sources[hook] = typeof path === 'string' ? readFileSync(resolve(dirname(file), path), 'utf8') : path;
    }
    def.webtasks = sources;
  }
  return def;
}

export function addonsCommand(): Command {
  const addons = new Command('addons').description('add-ons: the Storeganise add-on model (docs/addons.md)');
  withServerOptions(
    addons
      .command('create')
      .description('create an add-on definition from a JSON file; prints its id')
      .requiredOption('--definition <file>', 'the definition (JSON; webtasks name .js files beside it)')
      .option('--json', 'print JSON'),
  ).action(async (flags: StoreFlags & { definition: string; json?: boolean }) => {
    await printAdmin(flags, 'addons.create', { definition: readDefinition(flags.definition), json: !!flags.json });
  });
  withServerOptions(
    addons
      .command('install')
      .description('install a definition for an operator (or a site); the API key and signing secret are printed once')
      .argument('<definition>', 'the definition id')
      .requiredOption('--operator <id>', 'operator id')
      .option('--site <id>', 'site id (site-level add-ons)')
      .option('--set <code=value>', 'a custom-field value (repeatable)', collect, [])
      .option('--json', 'print {addonId, apiKey, signatureSecret, apiUrl, state}'),
  ).action(
    async (
      definition: string,
      flags: StoreFlags & { operator: string; site?: string; set: string[]; json?: boolean },
    ) => {
      await printAdmin(flags, 'addons.install', {
        definition,
        operator: flags.operator,
        site: flags.site,
        set: flags.set,
        json: !!flags.json,
      });
    },
  );
  withServerOptions(
    addons
      .command('configure')
      .description("set an install's custom fields (code=value; empty value clears); reruns its webtask")
      .argument('<addonId>')
      .requiredOption('--set <code=value>', 'a custom-field value (repeatable)', collect, []),
  ).action(async (addon: string, flags: StoreFlags & { set: string[] }) => {
    await printAdmin(flags, 'addons.configure', { addon, set: flags.set });
  });
  for (const [verb, state, what] of [
    ['enable', 'enabled', 'webhooks and API access'],
    ['pause', 'paused', 'API access, no webhooks'],
    ['disable', 'disabled', 'no webhooks, no API access'],
  ] as const) {
    withServerOptions(
      addons.command(verb).description(`${state}: ${what}`).argument('<addonId>').option('--json', 'print JSON'),
    ).action(async (addon: string, flags: StoreFlags & { json?: boolean }) => {
      await printAdmin(flags, 'addons.state', { addon, state, json: !!flags.json });
    });
  }
  withServerOptions(
    addons.command('list').description("an operator's installs").requiredOption('--operator <id>').option('--json'),
  ).action(async (flags: StoreFlags & { operator: string; json?: boolean }) => {
    await printAdmin(flags, 'addons.list', { operator: flags.operator, json: !!flags.json });
  });
  return addons;
}
