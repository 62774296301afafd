import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

/** A TCP port free on 127.0.0.1 right now (the OS picks it; closed again before it is handed out). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
