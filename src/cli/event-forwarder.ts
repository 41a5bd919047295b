import { randomUUID } from 'node:crypto';
import { signatureHeader } from '../domain/webhooks/signature.ts';
import { USER_AGENT } from '../engines/webhooks/webhook-sender.ts';

/**
 * Posts an event to the `--forward-to` URL exactly as a webhook delivery would: the same body text, Content-Type,
 * User-Agent, X-Stora-Signature (`t=<unix seconds>,v1=<HMAC-SHA256>` with the printed secret) and a fresh
 * X-Stora-Request-Id. Answers the status line `lockyard listen` prints.
 */
export async function forwardEvent(url: string, secret: string, body: string, timeoutMs = 20_000): Promise<string> {
  const t = Math.floor(performance.timeOrigin / 1000 + performance.now() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        'X-Stora-Signature': signatureHeader(secret, body, t),
        'X-Stora-Request-Id': randomUUID(),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.arrayBuffer().catch(() => undefined);
    return `[${res.status}]`;
  } catch (err) {
    return `[failed: ${(err as Error).name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : 'no HTTP response'}]`;
  }
}

/** Server-sent events, parsed from text chunks as they arrive. */
export function sseParser(onMessage: (event: string, data: string) => void) {
  let buffer = '';
  return (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onMessage(event, data.join('\n'));
    }
  };
}
