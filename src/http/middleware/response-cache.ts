/**
 * Cached GET responses, dropped on any write. One PGlite query costs about a millisecond, so without this a
 * read endpoint reaches a tenth of bare node:http's throughput. Correctness comes from a data version:
 * every write by this process (seen in the driver) or by another one (NOTIFY from change triggers) bumps it,
 * and an entry serves only while the version it was computed under is still current.
 */
export class ResponseCache {
  private version = 0;
  private readonly entries = new Map<string, { version: number; shared: string; at: number; value: CachedResponse }>();

  constructor(
    private readonly maxEntries = 2000,
    private readonly maxAgeMs = 30_000,
  ) {}

  /** The version to store a response under: read it before computing the response. */
  current(): number {
    return this.version;
  }

  invalidate = () => {
    this.version++;
    this.entries.clear();
  };

  /** `shared`: the fleet's data version (middleware/shared-version.ts) read for this request, '' without one. */
  get(key: string, nowMs: number, shared = ''): CachedResponse | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== this.version || e.shared !== shared || nowMs - e.at > this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    // refresh recency for LRU eviction
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, version: number, nowMs: number, value: CachedResponse, shared = '') {
    if (version !== this.version) return; // a write happened while this response was computed
    this.entries.set(key, { version, shared, at: nowMs, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

export interface CachedResponse {
  contentType: string | undefined;
  body: string;
  /** Serialised JSON holding a request-id slot. */
  json?: boolean;
}
