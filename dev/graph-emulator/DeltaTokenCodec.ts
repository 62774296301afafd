import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { DirectoryResource } from "./ChangeLog";

/** What a $skiptoken / $deltatoken carries. Opaque to clients: base64url JSON plus an HMAC. */
export interface DeltaState {
  resource: DirectoryResource;
  /** "skip" continues a round (nextLink); "delta" starts the next round (deltaLink). */
  kind: "skip" | "delta";
  /** Changes after this sequence number belong to the round. 0 with `initial` = first round. */
  since: number;
  /** The round covers changes up to this sequence (fixed when the round starts). */
  upTo: number;
  /** True for the first round (every existing object rather than changes). */
  initial: boolean;
  select: string[];
  /** Optional id filter ($filter=id eq '…' or …). */
  ids?: string[];
  /** Last object id returned in this round (skip tokens). */
  cursor?: string;
  issuedAt: number;
  /** Token generations: bumped by the admin "expire" and "reset" calls. */
  expireGen: number;
  resetGen: number;
}

export type DecodeResult =
  { ok: true; state: DeltaState } | { ok: false; reason: "invalid" | "expired" | "reset"; state?: DeltaState };

/** Signs, verifies and ages delta/skip tokens; the admin API moves the generations to expire or reset them. */
export class DeltaTokenCodec {
  private readonly key = randomBytes(32);
  private expireGen = 0;
  private resetGen = 0;

  constructor(private readonly lifetimeMs: number) {}

  /** Every token issued so far becomes expired (400 syncStateNotFound). */
  expireAll(): void {
    this.expireGen += 1;
  }

  /** Every token issued so far triggers a synchronization reset (410 Gone). */
  resetAll(): void {
    this.resetGen += 1;
  }

  encode(state: Omit<DeltaState, "issuedAt" | "expireGen" | "resetGen">): string {
    const full: DeltaState = { ...state, issuedAt: Date.now(), expireGen: this.expireGen, resetGen: this.resetGen };
    const payload = Buffer.from(JSON.stringify(full), "utf8").toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  decode(token: string): DecodeResult {
    const dot = token.lastIndexOf(".");
    if (dot < 1) return { ok: false, reason: "invalid" };
    const payload = token.slice(0, dot);
    const sig = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.sign(payload));
    if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return { ok: false, reason: "invalid" };
    let state: DeltaState;
    try {
      state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as DeltaState;
    } catch {
      return { ok: false, reason: "invalid" };
    }
    if (state.resetGen < this.resetGen) return { ok: false, reason: "reset", state };
    if (state.expireGen < this.expireGen || Date.now() - state.issuedAt > this.lifetimeMs) {
      return { ok: false, reason: "expired", state };
    }
    return { ok: true, state };
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url").slice(0, 22);
  }
}
