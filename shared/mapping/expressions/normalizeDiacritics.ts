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
  const mapped = Array.from(source.normalize("NFC"), (ch) => SPECIAL[ch] ?? ch).join("");
  let out = "";
  let afterLatin = false;
  for (const ch of mapped.normalize("NFD")) {
    if (MARK.test(ch)) {
      if (!afterLatin) out += ch;
      continue;
    }
    afterLatin = LATIN.test(ch);
    out += ch;
  }
  return out.normalize("NFC");
}
