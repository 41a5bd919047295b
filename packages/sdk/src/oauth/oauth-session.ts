// One operator's connection: hands the client a valid access token, refreshing through the integration's storage.
import type { TokenSource } from '../core/transport.js';
import type { OAuthClient } from './oauth-client.js';
import { ReconnectNeeded, type TokenSet } from './tokens.js';

/** Where the integration keeps one grant's token pair (a database row per connected operator). */
export interface TokenStorage {
  load(): Promise<TokenSet | null>;
  /** Must be durable when it resolves: the refresh token just used is dead, only this pair works from now on. */
  save(tokens: TokenSet): Promise<void>;
  /** Forget the pair (after a revoke, or when the grant is found dead). */
  clear(): Promise<void>;
  /** Optional cross-process mutex for this grant (e.g. `SELECT … FOR UPDATE`), so two processes never refresh at once. */
  lock?<T>(fn: () => Promise<T>): Promise<T>;
}

export interface OAuthSessionOptions {
  /** Refresh this long before expiry (default 60 s). */
  refreshMarginMs?: number;
  /** Called once when a refresh fails for good, before ReconnectNeeded is thrown: show the reconnect prompt. */
  onReconnectNeeded?: (error: ReconnectNeeded) => void | Promise<void>;
}

export class OAuthSession implements TokenSource {
  private current: TokenSet | undefined;
  private refreshing: Promise<TokenSet> | undefined;
  private readonly margin: number;

  constructor(
    private readonly oauth: OAuthClient,
    private readonly storage: TokenStorage,
    private readonly options: OAuthSessionOptions = {},
  ) {
    this.margin = options.refreshMarginMs ?? 60_000;
  }

  /** A token good for at least the margin, refreshing first if needed. Throws ReconnectNeeded when not connected. */
  async getAccessToken(): Promise<string> {
    const tokens = this.current ?? (await this.storage.load()) ?? undefined;
    if (!tokens) throw new ReconnectNeeded('Not connected: run the authorization flow.');
    if (this.fresh(tokens)) {
      this.current = tokens;
      return tokens.accessToken;
    }
    return (await this.refresh(tokens.accessToken)).accessToken;
  }

  /** The API refused `token` (401): refresh unless someone already replaced it. */
  async invalidate(token: string): Promise<void> {
    await this.refresh(token);
  }

  /**
   * One refresh in flight per session; storage is re-read first because another process may already have rotated
   * the pair (its refresh token is then the only live one). The new pair is saved before anyone uses it.
   */
  refresh(staleAccessToken?: string): Promise<TokenSet> {
    this.refreshing ??= (async () => {
      const run = async () => {
        const stored = await this.storage.load();
        if (!stored) throw new ReconnectNeeded('Not connected: run the authorization flow.');
        const replaced = staleAccessToken !== undefined && stored.accessToken !== staleAccessToken;
        if (replaced && this.fresh(stored)) return stored;
        if (!stored.refreshToken) throw new ReconnectNeeded('The token cannot be refreshed: reconnect.');
        const next = await this.oauth.refresh(stored.refreshToken);
        await this.storage.save(next);
        return next;
      };
      try {
        this.current = await (this.storage.lock ? this.storage.lock(run) : run());
        return this.current;
      } catch (err) {
        if (err instanceof ReconnectNeeded) {
          this.current = undefined;
          await this.storage.clear();
          await this.options.onReconnectNeeded?.(err);
        }
        throw err;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Disconnect: revoke the grant (one call revokes the pair) and discard the stored tokens even if revoke fails. */
  async disconnect(): Promise<void> {
    const tokens = this.current ?? (await this.storage.load());
    this.current = undefined;
    try {
      if (tokens) await this.oauth.revoke(tokens.refreshToken ?? tokens.accessToken);
    } finally {
      await this.storage.clear();
    }
  }

  private fresh(tokens: TokenSet): boolean {
    return tokens.expiresAt - this.margin > Date.now();
  }
}
