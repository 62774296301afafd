import { after, before } from "node:test";
import type { AzuriteInstance, StartAzuriteOptions } from "../../dev/azurite/startAzurite";
import { startAzurite } from "../../dev/azurite/startAzurite";

export interface AzuriteFixture {
  /** The running instance (throws if read before the `before` hook ran). */
  readonly instance: AzuriteInstance;
  readonly connectionString: string;
}

/**
 * Starts one Azurite for the current test file (a top-level `before` hook) and stops it after the file's tests
 * (`after`). Call it at the top level of a test file:
 *
 *   const azurite = withAzurite();
 *   test("…", async () => { const cs = azurite.connectionString; … });
 */
export function withAzurite(options: StartAzuriteOptions = {}): AzuriteFixture {
  let instance: AzuriteInstance | undefined;
  before(async () => {
    instance = await startAzurite(options);
  });
  after(async () => {
    await instance?.stop();
  });
  const get = (): AzuriteInstance => {
    if (!instance) throw new Error("Azurite is not running yet: use the fixture inside a test, not at load time.");
    return instance;
  };
  return {
    get instance() {
      return get();
    },
    get connectionString() {
      return get().connectionString;
    },
  };
}
