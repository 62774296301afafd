/** Counters of one Slack target, for telemetry. */
export interface SlackTargetStats {
  /** HTTP requests sent (every attempt counts). */
  requests: number;
  /** 429 answers received. */
  throttled: number;
  /** Attempts repeated after a 429, 5xx, timeout or network error. */
  retries: number;
}
