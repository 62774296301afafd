import { ConcurrentWriteError } from "../../../shared/errors";
import { InjectedFault } from "./InMemoryRowTable";

/**
 * Runs `op` again until it completes, as a queue redelivers a message: an injected fault (a crash or a lost answer) or
 * a lost compare-and-set race means "try again"; any other error is thrown.
 */
export async function untilDone(op: () => Promise<unknown>): Promise<void> {
  for (;;) {
    try {
      await op();
      return;
    } catch (e) {
      if (!(e instanceof InjectedFault) && !(e instanceof ConcurrentWriteError)) throw e;
    }
  }
}
