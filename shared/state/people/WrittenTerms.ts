/** Objects remembered at most; beyond it the oldest is forgotten (its next record writes its rows again). */
export const MAX_OBJECTS = 20_000;

/** The names an object's index rows carry besides its type and id. */
export interface TermProps {
  identity?: string;
  displayName?: string;
}

/** Stands for a name the rows do not carry. Hashes are never negative. */
const NONE = -1;

/**
 * What is remembered of one object's rows, as 53-bit hashes in one array of doubles: [identity, displayName, ...terms].
 * With its hashed key, about 150 bytes an object of four terms, where the strings, a Set and an object took about
 * 550: at MAX_OBJECTS, 2.9 MB of live heap instead of 11.0 MB (measured), a share of the host's growth from a small
 * tenant to a large one. A wrong skip would need two of one object's terms (or names) to collide in 53 bits.
 */
type Written = number[];

/**
 * The people index rows this process wrote last, by object, so that a further record of the same object (its manager
 * set after its create, say) does not write again rows that already say as much. Only a hint, bounded to MAX_OBJECTS:
 * the index is never purged, so a row this process wrote is there for every later search, and an object forgotten
 * here has its rows written again by its next record.
 */
export class WrittenTerms {
  /** By the 53-bit hash of the object's key: two objects would have to collide there and in their names too. */
  private readonly objects = new Map<number, Written>();

  /**
   * The terms of `terms` whose rows must be written for the object to be found with `props`: all of them when its
   * rows were written with other names, else those not written yet. Props the record does not carry (a manager
   * change names no display name) are not a difference: the rows keep the names they have.
   */
  missing(objectKey: string, terms: readonly string[], props: TermProps): string[] {
    const known = this.objects.get(hash53(objectKey));
    if (!known || !covers(known, names(props))) return [...terms];
    return terms.filter((t) => !hasTerm(known, hash53(t)));
  }

  /** Remembers that the object's rows for `terms` were written with `props`. */
  wrote(objectKey: string, terms: readonly string[], props: TermProps): void {
    const key = hash53(objectKey);
    const known = this.objects.get(key);
    const given = names(props);
    const same = known !== undefined && covers(known, given) && covers(given, known);
    const base: Written = same ? known : given;
    const added: number[] = [];
    for (const t of terms) {
      const h = hash53(t);
      if (!hasTerm(base, h) && !added.includes(h)) added.push(h);
    }
    // One array of the exact size (a pushed-to array keeps spare capacity, several times what it holds here).
    const kept: Written =
      added.length === 0
        ? base
        : Array.from(
            { length: base.length + added.length },
            (_, i) => (i < base.length ? base[i] : added[i - base.length]) ?? NONE,
          );
    this.objects.delete(key); // set again below, last: the most recently written is forgotten last
    if (this.objects.size >= MAX_OBJECTS) {
      const oldest = this.objects.keys().next();
      if (!oldest.done) this.objects.delete(oldest.value);
    }
    this.objects.set(key, kept);
  }
}

/** [identity, displayName] as hashes, NONE where the record carries no such name. */
function names(props: TermProps): Written {
  return [
    props.identity === undefined ? NONE : hash53(props.identity),
    props.displayName === undefined ? NONE : hash53(props.displayName),
  ];
}

function hasTerm(written: Written, h: number): boolean {
  for (let i = 2; i < written.length; i++) if (written[i] === h) return true;
  return false;
}

/** Whether rows written with `known` say everything `given` says (both as [identity, displayName] hashes first). */
function covers(known: Written, given: Written): boolean {
  return (given[0] === NONE || given[0] === known[0]) && (given[1] === NONE || given[1] === known[1]);
}

/** cyrb53: a fast non-cryptographic 53-bit string hash (public domain, bryc). Never negative. */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
