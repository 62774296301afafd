/** Letters that Unicode decomposition does not split into base + accent, mapped as Entra's table does. */
const SPECIAL: Readonly<Record<string, string>> = {
  æ: "ae",
  Æ: "AE",
  ǣ: "ae",
  Ǣ: "AE",
  ø: "oe",
  Ø: "OE",
  œ: "oe",
  Œ: "OE",
  ß: "ss",
  ł: "l",
  Ł: "L",
  ı: "i",
  đ: "d",
  Đ: "D",
};

const LATIN = /\p{Script=Latin}/u;
const MARK = /\p{M}/u;

/**
 * Entra's NormalizeDiacritics: Latin letters lose their accents ("Zoë" → "Zoe", "Ødegård" → "OEdegard",
 * "ß" → "ss"). Accents are removed only after a Latin base letter, so other scripts (Devanagari vowel signs,
 * Hangul, …) are left intact. Idempotent.
 */
export function normalizeDiacritics(source: string): string {
  let out = "";
  let afterLatin = false;
  // Decomposed first, so that a special letter carrying an accent ("Ǽ" = "Æ" + acute) is mapped like the bare one.
  for (const ch of source.normalize("NFD")) {
    if (MARK.test(ch)) {
      if (!afterLatin) out += ch;
      continue;
    }
    afterLatin = LATIN.test(ch);
    out += SPECIAL[ch] ?? ch;
  }
  return out.normalize("NFC");
}
