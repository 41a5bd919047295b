import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { printAdmin } from '../admin-client.ts';

type Flags = StoreFlags & {
  operator?: string;
  every?: string;
  rate?: string;
  seed?: string;
  ms?: string;
  status?: string;
  retryAfter?: string;
  onlyNew?: boolean;
  target?: string;
  kind?: string;
};

/** `lockyard faults set|list|clear`: sandbox faults per token or application (docs/guides/sandbox.md#faults). */
export function faultsCommand(): Command {
  const faults = new Command('faults').description(
    "sandbox: make a token's or application's requests and webhooks fail on purpose, to prove retries and backoff",
  );
  withServerOptions(
    faults
      .command('set')
      .description('set a fault (replacing that target’s fault of the same kind)')
      .argument('<target>', 'an access token id (tok_…), or an application id (app_…) or client id')
      .argument('<kind>', 'latency | rate_limit | server_error | webhook_timeout | webhook_signature_rotation')
      .option('--operator <id>', 'operator id (default: the first operator)')
      .option('--every <n>', 'hit every Nth request or delivery attempt (default 1: all)')
      .option('--rate <r>', 'or hit this share (0–1) of them, drawn from a seeded sequence')
      .option('--seed <s>', 'the sequence of --rate (default "lockyard"): the same requests fail every run')
      .option('--ms <ms>', 'latency: milliseconds added (default 1000)')
      .option('--status <code>', 'server_error: 500, 502, 503 or 504 (default 500)')
      .option('--retry-after <s>', 'rate_limit: the Retry-After seconds (default 1)')
      .option('--only-new', 'webhook_signature_rotation: sign with the new secret only (the old one stops verifying)'),
  ).action(async (target: string, kind: string, f: Flags) => {
    await printAdmin(f, 'faults.set', {
      operator: f.operator,
      target,
      kind,
      every: f.every,
      rate: f.rate,
      seed: f.seed,
      ms: f.ms,
      status: f.status,
      retry_after: f.retryAfter,
      only_new: f.onlyNew,
    });
  });
  withServerOptions(
    faults
      .command('list')
      .description("the operator's faults")
      .option('--operator <id>', 'operator id (default: the first operator)'),
  ).action(async (f: Flags) => {
    await printAdmin(f, 'faults.list', { operator: f.operator });
  });
  withServerOptions(
    faults
      .command('clear')
      .description("clear the operator's faults: all, a target's (--target) or one kind (--kind)")
      .option('--operator <id>', 'operator id (default: the first operator)')
      .option('--target <id>', 'only this token or application')
      .option('--kind <kind>', 'only this kind'),
  ).action(async (f: Flags) => {
    await printAdmin(f, 'faults.clear', { operator: f.operator, target: f.target, kind: f.kind });
  });
  return faults;
}
