import type { Env } from "../../shared/config/Settings";

/** Resolves a `%SETTING%` schedule from app settings as the Functions host does; other schedules pass through. */
export function resolveSchedule(schedule: string, env: Env = process.env): string {
  const m = /^%([^%]+)%$/.exec(schedule.trim());
  if (!m) return schedule.trim();
  const name = m[1] as string;
  const value = env[name]?.trim();
  if (!value) throw new Error(`The timer schedule refers to the app setting ${name}, which is not set.`);
  return value;
}
