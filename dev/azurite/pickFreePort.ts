import { createServer } from "node:net";

/**
 * Asks the OS for a free TCP port on `host` (bind port 0, read the port, close). The port is free at the moment of
 * return; a caller that hands it to another process must be ready to retry if someone else takes it first.
 */
export function pickFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close((err) => (err ? reject(err) : port > 0 ? resolve(port) : reject(new Error("No port assigned"))));
    });
  });
}

/** Picks `count` distinct free ports. */
export async function pickFreePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await pickFreePort(host));
  return [...ports];
}
