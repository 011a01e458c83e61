/**
 * Chinese input methods often type full-width digits and symbols (１３８, ＠, （）, －). Detectors
 * run on a folded copy where each such character becomes its ASCII twin. Every replacement is one
 * UTF-16 unit for one, so offsets found in the copy are offsets in the original text.
 */
export function foldWidth(text: string): string {
  return text.replace(FOLDABLE, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    if (code === 0x3000 || code === 0xa0) return ' ';
    return '-';
  });
}

const FOLDABLE = /[\uff01-\uff5e\u3000\u00a0\u2010-\u2015\u2212]/g;
