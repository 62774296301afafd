/** Letters, combining marks and digits continue a word; so does the apostrophe, as in .NET's ToTitleCase ("O'neil"). */
const IN_WORD = /[\p{L}\p{M}\p{N}']/u;

/**
 * Entra's PCase: the first character of each word upper case, every other character lower case. Without
 * `wordSeparators`, words are separated by any character that is not a letter, a mark, a digit or an apostrophe
 * (spaces, punctuation, symbols, controls, as .NET's ToTitleCase, which Entra uses); with `wordSeparators`, only by
 * those characters ("PINTO-DE'SILVA" with " '-" → "Pinto-De'Silva").
 */
export function properCase(source: string, wordSeparators: string | null): string {
  const separators = wordSeparators === null || wordSeparators === "" ? null : new Set(Array.from(wordSeparators));
  const isSeparator = (c: string): boolean => (separators === null ? !IN_WORD.test(c) : separators.has(c));
  let out = "";
  let startOfWord = true;
  for (const c of source) {
    if (isSeparator(c)) {
      out += c;
      startOfWord = true;
    } else {
      out += startOfWord ? c.toUpperCase() : c.toLowerCase();
      startOfWord = false;
    }
  }
  return out;
}
