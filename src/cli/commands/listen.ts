import { Command } from 'commander';
import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import { withServerOptions, type StoreFlags } from '../store-options.ts';
import { serverTarget } from '../admin-client.ts';
import { forwardEvent, sseParser } from '../event-forwarder.ts';

interface ListenFlags extends StoreFlags {
  forwardTo?: string;
  events?: string;
  operator?: string;
  json?: boolean;
}

const clockTime = (iso: string) => iso.slice(11, 19);

export function listenCommand(): Command {
  return withServerOptions(
    new Command('listen')
      .description('print events as they are emitted, and forward them to a local URL signed like real deliveries')
      .option('--forward-to <url>', 'POST each event here, signed with the printed secret')
      .option('--events <types>', 'comma-separated event types (default: all)')
      .option('--operator <id>', 'operator id (default: the first operator)')
      .option('--json', 'print each event payload as one JSON line'),
  ).action(async (flags: ListenFlags) => {
    const types =
      flags.events
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? [];
    const bad = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (bad.length) throw new Error(`unknown event type(s): ${bad.join(', ')}`);
    if (flags.forwardTo && !/^https?:\/\//.test(flags.forwardTo)) throw new Error('--forward-to takes an http(s) URL');
    const stop = new AbortController();
    const quit = () => stop.abort();
    process.on('SIGINT', quit);
    process.on('SIGTERM', quit);

    let secret = '';
    let queue = Promise.resolve(); // forwards go out one at a time, in order
    const onMessage = (event: string, data: string) => {
      const m = JSON.parse(data);
      if (event === 'ready') {
        secret = m.secret;
        process.stderr.write(
          `Ready: listening for ${m.types ? m.types.join(', ') : 'all'} events of ${m.operator_name} (${m.operator_id}).\n` +
            (flags.forwardTo ? `Forwarding to ${flags.forwardTo}; signing secret: ${secret}\n` : '') +
            'Ctrl-C to stop.\n',
        );
        return;
      }
      if (event !== 'event') return;
      const createdAt = (JSON.parse(m.body) as { event: { created_at: string } }).event.created_at;
      if (flags.json) process.stdout.write(`${m.body}\n`);
      else process.stdout.write(`${clockTime(createdAt)}  --> ${m.type} [${m.id}]\n`);
      if (flags.forwardTo) {
        const url = flags.forwardTo;
        queue = queue.then(async () => {
          const status = await forwardEvent(url, secret, m.body);
          process.stderr.write(`${clockTime(createdAt)}  <-- ${status} POST ${url} [${m.id}]\n`);
        });
      }
    };
    const feed = sseParser(onMessage);
    const target = serverTarget(flags);
    const query = new URLSearchParams();
    if (flags.operator) query.set('operator', flags.operator);
    if (types.length) query.set('events', types.join(','));
    let viaServer = false;
    if (target) {
      try {
        const res = await fetch(`${target.url}/_admin/listen?${query}`, {
          headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' },
          signal: stop.signal,
        });
        if (!res.ok) {
          const body = (await res.json().catch(() => ({}))) as { error?: { message: string } };
          throw new Error(body.error?.message ?? `the server answered HTTP ${res.status}`);
        }
        viaServer = true;
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
          feed(decoder.decode(chunk, { stream: true }));
      } catch (err) {
        if (stop.signal.aborted) return void (await queue);
        if (viaServer || !target.discovered || /HTTP|admin|operator|event type/.test((err as Error).message)) throw err;
      }
      if (viaServer) {
        await queue;
        if (!stop.signal.aborted) throw new Error('the server closed the stream (stopped?)');
        return;
      }
    }
    const { listenLocally } = await import('../../admin/local.ts');
    await listenLocally(flags, { operatorId: flags.operator, types }, stop.signal, feed);
    await queue;
  });
}
