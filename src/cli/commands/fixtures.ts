import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { runAdmin } from '../admin-client.ts';

/** `lockyard fixtures apply FILE`: the file is read here and run by the server (or the store opened here). */
export function fixturesCommand(): Command {
  const fixtures = new Command('fixtures').description(
    'sandbox: apply a fixtures file (JSON or YAML: API requests with references between steps)',
  );
  withServerOptions(
    fixtures
      .command('apply')
      .description('run the steps of FILE as API requests, in order, printing what each created')
      .argument('<file>', 'a .json, .yaml or .yml file (docs/guides/sandbox.md#fixtures)')
      .option('--operator <id>', "the operator the steps act for (default: the file's operator, else the first)")
      .option('--token <token>', 'act with this access token instead of a token made (and revoked) for the run')
      .option('--json', 'print the applied steps as JSON'),
  ).action(async (file: string, flags: StoreFlags & { operator?: string; token?: string; json?: boolean }) => {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const out = await runAdmin(flags, 'fixtures.apply', {
      file: basename(file),
      source,
      operator: flags.operator,
      token: flags.token,
    });
    process.stdout.write(flags.json ? `${JSON.stringify(out.data, null, 2)}\n` : out.stdout);
  });
  return fixtures;
}
