import type { SlackGroupTarget } from "./SlackGroupTarget";
import type { SlackTarget } from "./SlackTarget";

/** What GET /api/status/slack answers. */
export interface SlackCountsView {
  users: {
    total: number;
    /** Active users, counted by paging through every user: as of `activeAsOf`, absent until first counted. */
    active?: number;
    activeAsOf?: string;
  };
  groups: number;
}

/** How long a count of active users (a read of every user, 1,000 a request) is reused. */
export const ACTIVE_COUNT_TTL_MS = 10 * 60_000;

type Source = Pick<SlackTarget, "countUsers" | "totalUsers"> & Pick<SlackGroupTarget, "countGroups">;

/**
 * Slack's counts for the status and the dashboard, at a cost that does not grow with the org: the totals of users and
 * groups are two one-item list requests (totalResults); the active users need every user read, so that count is
 * taken at most once per ACTIVE_COUNT_TTL_MS per process, in the background, one at a time, and shown with its time.
 * `exact` counts the active users now (a caller that asks once, such as `npm start`'s summary).
 */
export class SlackCounts {
  private active: { value: number; at: number } | undefined;
  private counting: Promise<void> | undefined;

  constructor(
    private readonly source: Source,
    private readonly now: () => number = Date.now,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  async read(options: { exact?: boolean } = {}): Promise<SlackCountsView> {
    if (options.exact) {
      const [users, groups] = await Promise.all([this.source.countUsers(), this.source.countGroups()]);
      this.active = { value: users.active, at: this.now() };
      return { users: { total: users.total, active: users.active, activeAsOf: iso(this.active.at) }, groups };
    }
    const [total, groups] = await Promise.all([this.source.totalUsers(), this.source.countGroups()]);
    if (!this.active || this.now() - this.active.at >= ACTIVE_COUNT_TTL_MS) this.countActive();
    const active = this.active;
    return { users: { total, ...(active ? { active: active.value, activeAsOf: iso(active.at) } : {}) }, groups };
  }

  /** Starts a count of the active users unless one is running; a failure is reported and tried again next time. */
  private countActive(): void {
    if (this.counting) return;
    this.counting = this.source
      .countUsers()
      .then(
        (c) => {
          this.active = { value: c.active, at: this.now() };
        },
        (e: unknown) => this.onError(e),
      )
      .finally(() => {
        this.counting = undefined;
      });
  }

  /** Resolves when no count is running (for tests). */
  async settled(): Promise<void> {
    await this.counting;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
