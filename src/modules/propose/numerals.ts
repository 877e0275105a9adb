/**
 * Numbers as Chinese reports write them: Arabic digits (1183, 39.09, 1,031, full-width １２),
 * Chinese numerals (两, 十二, 一百零五, 二〇二三) and magnitudes (1.5万, 3亿). Values are kept as
 * decimal strings so that 39.09万 shifts to 390900 exactly, never through a float.
 */

const CHINESE_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Powers of ten of the magnitude words that may follow a number (万元 is 10^4 元). */
export const MAGNITUDES: Record<string, number> = { 千: 3, 万: 4, 十万: 5, 百万: 6, 千万: 7, 亿: 8 };

export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿';

/** The value of a Chinese numeral (十二 -> 12, 两 -> 2, 二〇二三 -> 2023), or null when it is not one. */
export function parseChineseNumeral(s: string): number | null {
  if (!s || [...s].some((c) => !CHINESE_NUMERAL_CHARS.includes(c))) return null;
  const hasUnit = [...s].some((c) => c in SMALL_UNITS || c === '万' || c === '亿');
  if (!hasUnit) {
    // Read digit by digit: 二〇二三 (a year), or a single digit.
    return Number([...s].map((c) => CHINESE_DIGITS[c]).join(''));
  }
  let result = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of s) {
    if (c in CHINESE_DIGITS) {
      if (digit !== null && digit !== 0 && CHINESE_DIGITS[c] !== 0) return null; // 二三十: not a numeral
      digit = CHINESE_DIGITS[c];
    } else if (c in SMALL_UNITS) {
      section += (digit ?? (c === '十' ? 1 : NaN)) * SMALL_UNITS[c];
      digit = null;
    } else if (c === '万') {
      section = (section + (digit ?? 0)) * 1e4;
      if (section === 0) return null;
      result += section;
      section = 0;
      digit = null;
    } else if (c === '亿') {
      result = (result + section + (digit ?? 0)) * 1e8;
      if (result === 0) return null;
      section = 0;
      digit = null;
    }
  }
  const value = result + section + (digit ?? 0);
  return Number.isFinite(value) ? value : null;
}

const FULL_WIDTH = /[０-９．，]/g;

/** Full-width digits and separators as ASCII (the quote keeps the original characters). */
export function asciiDigits(s: string): string {
  return s.replace(FULL_WIDTH, (c) => (c === '．' ? '.' : c === '，' ? ',' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** "1,031" -> "1031", "39.09" -> "39.09", "０８" -> "8"; null when it is not a plain decimal number. */
export function parseDigits(s: string): string | null {
  const plain = asciiDigits(s).replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(plain)) return null;
  return normaliseDecimal(plain);
}

/** Strip leading zeros of the integer part and trailing zeros of the fraction: "007.50" -> "7.5". */
export function normaliseDecimal(s: string): string {
  let [int, frac = ''] = s.split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** Multiply a decimal string by 10^places exactly ("39.09", 4 -> "390900"; "552", -4 -> "0.0552"). */
export function shiftDecimal(s: string, places: number): string {
  const [int, frac = ''] = normaliseDecimal(s).split('.');
  const digits = int + frac;
  let point = int.length + places;
  let all = digits;
  if (point <= 0) {
    all = '0'.repeat(1 - point) + all;
    point = 1;
  } else if (point > all.length) {
    all = all + '0'.repeat(point - all.length);
  }
  return normaliseDecimal(`${all.slice(0, point)}.${all.slice(point)}`.replace(/\.$/, ''));
}
