/**
 * Does a quote state a value? Reports write numbers as digits ("1183件", "39.09万元"), with a
 * magnitude (15000人 as "1.5万人") or, for small counts, in Chinese ("连续两年", "四年"). A value is found only as a whole number, so 1
 * is not "found" inside 1183.
 */
const DIGITS = '零一二三四五六七八九';

/** Chinese spellings of an integer 0..99 (两 is the usual form of 2 before a measure word). */
function chineseForms(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 99) return [];
  if (n < 10) return n === 2 ? ['二', '两'] : [DIGITS[n]];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 1 ? ['十', '一十'] : [`${DIGITS[tens]}十`];
  return head.map((h) => h + (ones ? DIGITS[ones] : ''));
}

/** Decimal spellings: 39.09, 39.090, 1000, 1,000. */
function digitForms(value: number): string[] {
  const plain = String(value);
  const forms = new Set([plain]);
  if (value >= 1000) forms.add(value.toLocaleString('en-US', { maximumFractionDigits: 10 })); // 1,031 and 3,560.5
  const fixed2 = value.toFixed(2);
  if (Number(fixed2) === value) forms.add(fixed2);
  return [...forms];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Spellings with a magnitude: 15000 as 1.5万, 390900 as 39.09万 (a figure in 元 quoted in 万元), 3.5 (万元) as 35000元. */
function magnitudeForms(value: number): string[] {
  const forms: string[] = [];
  for (const [word, power] of [['万', 4], ['亿', 8]] as const) {
    const scaled = Number((value / 10 ** power).toFixed(8));
    if (scaled > 0 && Math.abs(scaled * 10 ** power - value) < 1e-6) forms.push(`${scaled}${word}`);
  }
  // An amount in 万元 quoted in 元: 3560.5 as 35605000元.
  const yuan = Number((value * 1e4).toFixed(2));
  if (yuan > 0 && Number.isFinite(yuan)) forms.push(`${yuan}元`);
  return forms;
}

export function quoteStatesValue(quote: string, value: number): boolean {
  for (const form of [...digitForms(value), ...magnitudeForms(value)]) {
    if (new RegExp(`(?<![\\d.,])${escape(form)}(?![\\d]|\\.\\d)`).test(quote)) return true;
  }
  for (const form of chineseForms(value)) {
    if (new RegExp(`(?<![${DIGITS}十百千万])${form}(?![${DIGITS}十百千])`).test(quote)) return true;
  }
  return false;
}
