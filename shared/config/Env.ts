/** App settings as environment variables: process.env in Azure and under the local host, or a test's record. */
export type Env = Record<string, string | undefined>;
