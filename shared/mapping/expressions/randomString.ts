import { ExpressionEvaluationError } from "./ExpressionEvaluationError";

/** RandomString's longest result (Entra's documented maximum). */
export const MAX_RANDOM_STRING_LENGTH = 256;

const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
/** The special characters of Windows' password complexity rules, which Entra's reference points to. */
const SPECIAL = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";

/** What RandomString was asked for (its arguments after evaluation). */
export interface RandomStringRequest {
  length: number;
  minNumbers: number;
  minSpecial: number;
  minCapital: number;
  minLower: number;
  avoid: string;
}

/**
 * Entra's RandomString: `length` characters with at least the given numbers of digits, special characters, capitals
 * and lower-case letters, none of them in `avoid`, in random order. `randomInt(n)` returns an integer in [0, n): the
 * production source is crypto.randomInt; tests inject a seeded one, so the result is deterministic under test.
 */
export function randomString(r: RandomStringRequest, randomInt: (maxExclusive: number) => number): string {
  const counts = [r.length, r.minNumbers, r.minSpecial, r.minCapital, r.minLower];
  if (counts.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new ExpressionEvaluationError("RandomString: every count must be a whole number of 0 or more.");
  }
  if (r.length < 1 || r.length > MAX_RANDOM_STRING_LENGTH) {
    throw new ExpressionEvaluationError(`RandomString: length ${r.length} must be 1 to ${MAX_RANDOM_STRING_LENGTH}.`);
  }
  const minimums = r.minNumbers + r.minSpecial + r.minCapital + r.minLower;
  if (minimums > r.length) {
    throw new ExpressionEvaluationError(
      `RandomString: the minimums add up to ${minimums}, more than the length ${r.length}.`,
    );
  }
  const allowed = (set: string): string =>
    Array.from(set)
      .filter((c) => !r.avoid.includes(c))
      .join("");
  const pools = [
    { set: allowed(DIGITS), min: r.minNumbers, name: "digits" },
    { set: allowed(SPECIAL), min: r.minSpecial, name: "special characters" },
    { set: allowed(UPPER), min: r.minCapital, name: "capitals" },
    { set: allowed(LOWER), min: r.minLower, name: "lower-case letters" },
  ];
  const chars: string[] = [];
  for (const pool of pools) {
    if (pool.min > 0 && pool.set === "") {
      throw new ExpressionEvaluationError(`RandomString: CharactersToAvoid leaves no ${pool.name} to choose from.`);
    }
    for (let i = 0; i < pool.min; i++) chars.push(pick(pool.set, randomInt));
  }
  const everything = pools.map((p) => p.set).join("");
  if (everything === "")
    throw new ExpressionEvaluationError("RandomString: CharactersToAvoid leaves nothing to choose from.");
  while (chars.length < r.length) chars.push(pick(everything, randomInt));
  // Fisher–Yates, so the required characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join("");
}

function pick(set: string, randomInt: (maxExclusive: number) => number): string {
  return set.charAt(randomInt(set.length));
}
