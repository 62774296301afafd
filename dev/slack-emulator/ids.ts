import { randomInt } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A Slack-looking id: the prefix (U, W or S) and 10 upper-case alphanumerics, unique within `taken`. */
export function newSlackId(prefix: "U" | "W" | "S", taken: (id: string) => boolean): string {
  for (;;) {
    let id = prefix;
    for (let i = 0; i < 10; i++) id += ALPHABET[randomInt(ALPHABET.length)] ?? "A";
    if (!taken(id)) return id;
  }
}
