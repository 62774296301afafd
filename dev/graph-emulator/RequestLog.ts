import type { RequestLogEntry } from "./emulatorTypes";

/** The last requests the emulator answered (admin calls excluded), bounded to `capacity` entries. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private total = 0;

  constructor(private readonly capacity = 20_000) {}

  add(entry: RequestLogEntry): void {
    this.total += 1;
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Requests answered since the emulator started or the log was last cleared. */
  get count(): number {
    return this.total;
  }

  clear(): void {
    this.entries = [];
    this.total = 0;
  }
}
