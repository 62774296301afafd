/** Objects remembered at most; beyond it the oldest is forgotten (its next record writes its rows again). */
const MAX_OBJECTS = 20_000;

/** The names an object's index rows carry besides its type and id. */
export interface TermProps {
  identity?: string;
  displayName?: string;
}

interface Written {
  terms: Set<string>;
  props: TermProps;
}

/**
 * The people index rows this process wrote last, by object, so that a further record of the same object (its manager
 * set after its create, say) does not write again rows that already say as much. Only a hint, bounded to MAX_OBJECTS:
 * the index is never purged, so a row this process wrote is there for every later search, and an object forgotten
 * here has its rows written again by its next record.
 */
export class WrittenTerms {
  private readonly objects = new Map<string, Written>();

  /**
   * The terms of `terms` whose rows must be written for the object to be found with `props`: all of them when its
   * rows were written with other names, else those not written yet. Props the record does not carry (a manager
   * change names no display name) are not a difference: the rows keep the names they have.
   */
  missing(objectKey: string, terms: readonly string[], props: TermProps): string[] {
    const known = this.objects.get(objectKey);
    if (!known || !covers(known.props, props)) return [...terms];
    return terms.filter((t) => !known.terms.has(t));
  }

  /** Remembers that the object's rows for `terms` were written with `props`. */
  wrote(objectKey: string, terms: readonly string[], props: TermProps): void {
    const known = this.objects.get(objectKey);
    const same = known !== undefined && covers(known.props, props) && covers(props, known.props);
    const kept = same ? known.terms : new Set<string>();
    for (const t of terms) kept.add(t);
    this.objects.delete(objectKey); // set again below, last: the most recently written is forgotten last
    if (this.objects.size >= MAX_OBJECTS) {
      const oldest = this.objects.keys().next();
      if (!oldest.done) this.objects.delete(oldest.value);
    }
    this.objects.set(objectKey, { terms: kept, props });
  }
}

/** Whether rows written with `known` say everything `given` says. */
function covers(known: TermProps, given: TermProps): boolean {
  return (
    (given.identity === undefined || given.identity === known.identity) &&
    (given.displayName === undefined || given.displayName === known.displayName)
  );
}
