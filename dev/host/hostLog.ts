import type { LogHandler, LogLevel } from "@azure/functions";
import { format } from "node:util";

/** One line of local-host output: host events and the functions' own context.log calls. */
export interface HostLogEntry {
  level: LogLevel;
  message: string;
  functionName?: string;
  invocationId?: string;
}

export type HostLogSink = (entry: HostLogEntry) => void;

const RANK: Record<LogLevel, number> = {
  trace: 0,
  debug: 1,
  information: 2,
  warning: 3,
  error: 4,
  critical: 5,
  none: 6,
};

/** A sink writing one line per entry at or above `minLevel` (default information); warnings and errors go to stderr. */
export function createConsoleLogSink(minLevel: LogLevel = "information"): HostLogSink {
  return (entry) => {
    if (RANK[entry.level] < RANK[minLevel] || entry.level === "none") return;
    const who = entry.functionName ? ` [${entry.functionName}]` : "";
    const line = `${new Date().toISOString()} ${entry.level}${who} ${entry.message}`;
    if (RANK[entry.level] >= RANK.warning) console.error(line);
    else console.log(line);
  };
}

/** A LogHandler for an InvocationContext that forwards context.log/warn/error to the sink. */
export function invocationLogHandler(sink: HostLogSink, functionName: string, invocationId: string): LogHandler {
  return (level, ...args) => sink({ level, message: format(...args), functionName, invocationId });
}
