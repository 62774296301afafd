import type { OAuthState, OAuthStateStore } from "../../../shared/state/StatePorts";

const KEEP_AFTER_EXPIRY_MS = 60 * 60_000;

/** The OAuthStateStore in memory, with ETags as OAuthStateRepository has them (a used state changes version). */
export class InMemoryOAuthStateStore implements OAuthStateStore {
  private readonly rows = new Map<string, { state: OAuthState; etag: string }>();
  private version = 0;

  create(jobId: string, key: string, state: OAuthState, now: Date): Promise<void> {
    const id = `${jobId}|${key}`;
    if (this.rows.has(id)) return Promise.reject(new Error(`state ${key} exists`));
    this.rows.set(id, { state: { ...state }, etag: String(++this.version) });
    for (const [k, row] of this.rows) {
      if (k.startsWith(`${jobId}|`) && Date.parse(row.state.expiresAt) < now.getTime() - KEEP_AFTER_EXPIRY_MS) {
        this.rows.delete(k);
      }
    }
    return Promise.resolve();
  }

  read(jobId: string, key: string): Promise<{ state: OAuthState; etag: string } | undefined> {
    const row = this.rows.get(`${jobId}|${key}`);
    return Promise.resolve(row ? { state: { ...row.state }, etag: row.etag } : undefined);
  }

  markUsed(jobId: string, key: string, etag: string, at: Date): Promise<boolean> {
    const row = this.rows.get(`${jobId}|${key}`);
    if (!row || row.etag !== etag) return Promise.resolve(false);
    row.state = { ...row.state, usedAt: at.toISOString() };
    row.etag = String(++this.version);
    return Promise.resolve(true);
  }

  /** How many states are kept (to prove the purge). */
  get size(): number {
    return this.rows.size;
  }
}
