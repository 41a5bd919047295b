import { Command } from 'commander';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { serverTarget } from '../admin-client.ts';
import { sseParser } from '../event-forwarder.ts';

interface Entry {
  at: string;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  request_id: string;
  caller: string | null;
}

export function logsCommand(): Command {
  const logs = new Command('logs').description("a running server's requests");
  withServerOptions(
    logs
      .command('tail')
      .description('print every request the running server answers: method, path, status, duration, caller, request id')
      .option('--json', 'one JSON object a line'),
  ).action(async (flags: StoreFlags & { json?: boolean }) => {
    const target = serverTarget(flags);
    if (!target) throw new Error('no server runs on this store (logs tail needs lockyard start)');
    const stop = new AbortController();
    process.on('SIGINT', () => stop.abort());
    process.on('SIGTERM', () => stop.abort());
    const res = await fetch(`${target.url}/_admin/logs`, {
      headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' },
      signal: stop.signal,
    }).catch((err) => {
      throw new Error(`the server does not answer (${(err as Error).message})`);
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message: string } };
      throw new Error(body.error?.message ?? `the server answered HTTP ${res.status}`);
    }
    process.stderr.write(`Tailing requests to ${target.url}. Ctrl-C to stop.\n`);
    const feed = sseParser((event, data) => {
      if (event !== 'request') return;
      const e = JSON.parse(data) as Entry;
      process.stdout.write(
        flags.json
          ? `${data}\n`
          : `${e.at.slice(11, 19)}  ${e.method.padEnd(6)} ${e.path}  ${e.status}  ${e.duration_ms} ms  ${e.caller ?? '-'}  ${e.request_id}\n`,
      );
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
        feed(decoder.decode(chunk, { stream: true }));
    } catch (err) {
      if (!stop.signal.aborted) throw err;
    }
  });
  return logs;
}
