/** Whole-group member reads one process runs at once (each holds its group's members until its PATCHes are sent). */
export const MEMBER_READ_SLOTS = 2;

/**
 * Bounds how many whole-group reconciles of one process hold their members at once. A full round's flush queues every
 * group's run together (ten groups of 9,000–18,000 members at 100,000 users): running them all at once held every
 * group's members and links at the same time, the host's highest memory of the whole sync. A run waits for a slot at
 * most `maxWaitMs` (it holds its group's lease meanwhile), then goes ahead without one and says so in its `waited`.
 */
export class MemberReadSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots = MEMBER_READ_SLOTS) {}

  /**
   * Takes a slot: resolves with its release (call it once, when the members are no longer held), and whether the wait
   * ran out (the run then goes ahead beside the others).
   */
  async take(maxWaitMs: number): Promise<{ release: () => void; timedOut: boolean }> {
    let timedOut = false;
    if (this.running < this.slots) this.running += 1;
    else {
      // A release hands its slot straight to the first waiter (the count stays); a wait that runs out adds one.
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          timedOut = true;
          this.running += 1;
          resolve();
        }, maxWaitMs);
        this.waiting.push(wake);
      });
    }
    let released = false;
    return {
      timedOut,
      release: () => {
        if (released) return;
        released = true;
        const next = this.running <= this.slots ? this.waiting.shift() : undefined;
        if (next) next();
        else this.running -= 1;
      },
    };
  }

  /** Runs holding a slot now, and waiting for one. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
