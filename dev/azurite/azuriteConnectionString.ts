/** The emulator's well-known account and key (published in Azurite's README; not a secret). */
export const AZURITE_ACCOUNT_NAME = "devstoreaccount1";
export const AZURITE_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuritePorts {
  blobPort: number;
  queuePort: number;
  tablePort: number;
  host?: string;
}

/** A connection string with explicit endpoints for an Azurite listening on the given loopback ports. */
export function azuriteConnectionString(ports: AzuritePorts): string {
  const host = ports.host ?? "127.0.0.1";
  const base = (port: number) => `http://${host}:${port}/${AZURITE_ACCOUNT_NAME}`;
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};AccountKey=${AZURITE_ACCOUNT_KEY};` +
    `BlobEndpoint=${base(ports.blobPort)};QueueEndpoint=${base(ports.queuePort)};TableEndpoint=${base(ports.tablePort)};`
  );
}
