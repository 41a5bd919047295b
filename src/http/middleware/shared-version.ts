import type { Redis } from 'ioredis';

/**
 * Read-your-writes for the response cache across API processes (docs/decisions/response-cache.md). Change
 * notifications (NOTIFY) reach other processes a little after a commit, so on their own they cannot promise that a
 * read on process B after a write answered by process A sees it. With Redis (`--redis-url`, which a fleet has for its
 * rate limits anyway) every write also increments one counter there, and a write's response goes out only once that
 * increment is done; a cached response serves only while the counter still has the value read before computing it.
 * Causality does the rest: the client's read starts after the write's response, so after its increment.
 */
export class SharedDataVersion {
  private pending: Promise<unknown> = Promise.resolve();
  private queued = false;

  constructor(
    private readonly redis: Redis,
    private readonly key = 'lockyard:data-version',
  ) {}

  /** After a write (this process's or one notified): increment, coalescing the writes of one tick into one INCR. */
  bump = () => {
    if (this.queued) return;
    this.queued = true;
    // Commands on one connection run in order, so waiting for the latest increment covers every earlier one.
    this.pending = Promise.resolve().then(() => {
      this.queued = false;
      return this.redis.incr(this.key).catch(() => undefined);
    });
  };

  /** Resolves once every increment asked for so far is done (a write's response waits for this). */
  settled(): Promise<unknown> {
    return this.pending;
  }

  /** The counter now; a read that fails means "unknown", which never matches a cached entry. */
  async read(): Promise<string> {
    try {
      return (await this.redis.get(this.key)) ?? '0';
    } catch {
      return `unavailable-${Math.random()}`;
    }
  }
}
