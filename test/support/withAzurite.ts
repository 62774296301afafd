import { after, before } from "node:test";
import type { AzuriteInstance, StartAzuriteOptions } from "../../dev/azurite/startAzurite";
import { startAzurite } from "../../dev/azurite/startAzurite";

export interface AzuriteFixture {
  /** Starts Azurite if needed and resolves once it runs. Await it in your own `before` hooks. */
  ready(): Promise<AzuriteInstance>;
  /** The running instance (throws before `ready()` resolved). */
  readonly instance: AzuriteInstance;
  readonly connectionString: string;
  /** Registers cleanup to run before Azurite stops (last registered runs first), e.g. stopping a local host. */
  beforeStop(cleanup: () => Promise<void> | void): void;
}

/**
 * One Azurite for the current test file: started by a top-level `before` hook, stopped by an `after` hook once the
 * cleanups registered with `beforeStop` have run. Node 20 runs top-level `before` hooks concurrently, so a hook of
 * your own that needs Azurite must `await azurite.ready()`:
 *
 *   const azurite = withAzurite();
 *   before(async () => { const { connectionString } = await azurite.ready(); … });
 *   test("…", () => { azurite.connectionString … });
 */
export function withAzurite(options: StartAzuriteOptions = {}): AzuriteFixture {
  let instance: AzuriteInstance | undefined;
  let starting: Promise<AzuriteInstance> | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  const ready = (): Promise<AzuriteInstance> =>
    (starting ??= startAzurite(options).then((started) => (instance = started)));

  before(async () => {
    await ready();
  });
  after(async () => {
    try {
      for (const cleanup of cleanups.reverse()) await cleanup();
    } finally {
      if (starting) await (await starting.catch(() => undefined))?.stop();
    }
  });

  const get = (): AzuriteInstance => {
    if (!instance) throw new Error("Azurite is not running yet: await azurite.ready() first.");
    return instance;
  };
  return {
    ready,
    get instance() {
      return get();
    },
    get connectionString() {
      return get().connectionString;
    },
    beforeStop(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
