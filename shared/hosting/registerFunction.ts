import type { HttpHandler, HttpMethod, StorageQueueHandler, TimerHandler } from "@azure/functions";
import { app } from "@azure/functions";

/**
 * One function of the app. Every file in functions/ registers itself through `registerFunction`, which both registers
 * it with the Azure Functions host (app.timer/app.storageQueue/app.http) and records the definition so the local host
 * (dev/host) can run the very same handlers without Azure Functions Core Tools.
 */
export type FunctionDefinition =
  | {
      kind: "timer";
      name: string;
      /** NCRONTAB (6 fields) or `%SETTING%`, resolved from app settings as the Functions host does. */
      schedule: string;
      runOnStartup?: boolean;
      handler: TimerHandler;
    }
  | {
      kind: "queue";
      name: string;
      queueName: string;
      /** App-setting prefix of the storage connection (AzureWebJobsStorage). */
      connection: string;
      handler: StorageQueueHandler;
    }
  | {
      kind: "http";
      name: string;
      /** Route below /api, e.g. "status" or "activity/{objectId?}". */
      route: string;
      methods: HttpMethod[];
      authLevel: "anonymous" | "function" | "admin";
      handler: HttpHandler;
    };

const definitions: FunctionDefinition[] = [];

/** The definitions registered so far in this process (used by the local host and by tests). */
export function registeredFunctions(): readonly FunctionDefinition[] {
  return definitions;
}

export function registerFunction(def: FunctionDefinition): void {
  definitions.push(def);
  switch (def.kind) {
    case "timer":
      app.timer(def.name, { schedule: def.schedule, runOnStartup: def.runOnStartup ?? false, handler: def.handler });
      break;
    case "queue":
      app.storageQueue(def.name, { queueName: def.queueName, connection: def.connection, handler: def.handler });
      break;
    case "http":
      app.http(def.name, { route: def.route, methods: def.methods, authLevel: def.authLevel, handler: def.handler });
      break;
  }
}
