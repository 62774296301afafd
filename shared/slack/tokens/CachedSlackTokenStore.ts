import type { SlackTokenStore } from "./SlackTokenStore";
import type { SlackTokenVault } from "./SlackTokenVault";

export interface CachedSlackTokenStoreOptions {
  /** The token the settings give (SLACK_TOKEN): sent while the vault holds none, or cannot be read at first. */
  fallback: string;
  /** How long a token read from the vault is sent before the vault is read again. */
  ttlMs: number;
  /** After Slack refused a token, the vault is read again at most this often (refusals come in bursts). */
  minRefreshMs: number;
  clock: () => Date;
  /** Told when the vault could not be read; the last token read (or the fallback) is sent meanwhile. */
  onReadFailed: (error: unknown) => void;
}

/**
 * The app's Slack token, kept in a SlackTokenVault and cached for `ttlMs`, so each Slack call costs no vault read and a
 * token changed elsewhere (another instance's Authorize, an admin's `az keyvault secret set`) is used within the TTL,
 * or at once after Slack refuses the old one. A token saved here is used by this process's next call. One read at a
 * time: concurrent callers share it, and a read that started before a save never replaces the saved token.
 */
export class CachedSlackTokenStore implements SlackTokenStore {
  private cached: { token: string; readAt: number } | undefined;
  private reading: Promise<string> | undefined;
  /** Counts saves, so a read that overlapped one does not put back the token it replaced. */
  private generation = 0;

  constructor(
    private readonly vault: SlackTokenVault,
    private readonly options: CachedSlackTokenStoreOptions,
  ) {}

  get location(): string {
    return this.vault.location;
  }

  current(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() - cached.readAt < this.options.ttlMs) return Promise.resolve(cached.token);
    return this.read();
  }

  async refreshAfterRejection(rejected: string): Promise<string | undefined> {
    const cached = this.cached;
    // Another request already brought a newer token in since this one was sent.
    if (cached && cached.token !== rejected) return cached.token;
    if (cached && this.now() - cached.readAt < this.options.minRefreshMs) return undefined;
    const token = await this.read();
    return token === rejected ? undefined : token;
  }

  async save(token: string): Promise<void> {
    await this.vault.write(token);
    this.generation += 1;
    this.cached = { token, readAt: this.now() };
  }

  private read(): Promise<string> {
    this.reading ??= this.readOnce().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readOnce(): Promise<string> {
    const generation = this.generation;
    let token: string;
    try {
      token = (await this.vault.read()) ?? this.options.fallback;
    } catch (e) {
      this.options.onReadFailed(e);
      token = this.cached?.token ?? this.options.fallback;
    }
    if (generation !== this.generation && this.cached) return this.cached.token;
    this.cached = { token, readAt: this.now() };
    return token;
  }

  private now(): number {
    return this.options.clock().getTime();
  }
}
