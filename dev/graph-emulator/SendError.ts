/** Answers the current Graph request with an error (status, code, message and optional extra headers). */
export type SendError = (status: number, code: string, message: string, extra?: Record<string, string>) => void;
