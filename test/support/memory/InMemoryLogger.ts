import type { Logger } from "../../../shared/engine/Logger";

/** A Logger that keeps every line with its level, for assertions. */
export class InMemoryLogger implements Logger {
  readonly lines: { level: "info" | "warn" | "error"; message: string }[] = [];

  info(message: string): void {
    this.lines.push({ level: "info", message });
  }

  warn(message: string): void {
    this.lines.push({ level: "warn", message });
  }

  error(message: string): void {
    this.lines.push({ level: "error", message });
  }
}
