/** A clock that stands still until a test advances it: `now` is the engine's `clock`. */
export class ManualClock {
  private time: number;

  constructor(start: Date | string = "2025-01-15T10:00:00.000Z") {
    this.time = new Date(start).getTime();
  }

  /** The current time (a new Date each call, so callers cannot move the clock by mutating it). */
  readonly now = (): Date => new Date(this.time);

  advance(ms: number): void {
    this.time += ms;
  }
}
