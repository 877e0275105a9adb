/**
 * Writes seeds/data/gbt2260_romanised.csv: pinyin and an English name for every province, city and
 * county-level unit of GB/T 2260, so counties can be found by `luoshan` as well as by 罗山.
 * Run after the division lists change: `npx ts-node seeds/tools/romanise-divisions.ts`.
 * The names are romanised (pinyin of the proper name, the administrative suffix translated), not
 * the official English names; READINGS fixes place names whose characters read differently there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pinyin } from 'pinyin-pro';

const data = path.join(__dirname, '..', 'data');

/** Place-name readings a dictionary gets wrong (地名特殊读音). */
const READINGS: Record<string, string> = {
  乐亭: 'lao ting', 洪洞: 'hong tong', 尉犁: 'yu li', 泌阳: 'bi yang',
  黄陂: 'huang pi', 六合: 'lu he', 六安: 'lu an', 番禺: 'pan yu', 铅山: 'yan shan', 东阿: 'dong e',
  筠连: 'jun lian', 犍为: 'qian wei', 巴音郭楞: 'ba yin guo leng', 涡阳: 'guo yang', 枞阳: 'zong yang',
  大埔: 'da bu', 牟平: 'mu ping', 长垣: 'chang yuan', 长葛: 'chang ge', 乐清: 'yue qing', 乐陵: 'le ling', 会稽: 'kuai ji',
  陕西: 'shaan xi', 都安: 'du an', 三都: 'san du', 厦门: 'xia men', 台州: 'tai zhou', 丽水: 'li shui', 蚌埠: 'beng bu', 亳州: 'bo zhou', 栎阳: 'yue yang',
};

/** One-character county names read apart from the character's usual reading (单县 Shan, not Dan). */
const WHOLE_NAMES: Record<string, string> = { 单县: 'shan', 歙县: 'she', 莘县: 'shen', 浚县: 'xun', 蔚县: 'yu', 睢县: 'sui' };

/** Ethnic groups in autonomous units' names (with or without 族), and their usual English names. */
const ETHNIC: Record<string, string> = {
  土家: 'Tujia', 苗: 'Miao', 回: 'Hui', 彝: 'Yi', 壮: 'Zhuang', 布依: 'Bouyei', 侗: 'Dong', 瑶: 'Yao', 白: 'Bai', 哈尼: 'Hani',
  哈萨克: 'Kazak', 傣: 'Dai', 黎: 'Li', 傈僳: 'Lisu', 佤: 'Va', 畲: 'She', 拉祜: 'Lahu', 水: 'Shui', 东乡: 'Dongxiang', 纳西: 'Naxi',
  景颇: 'Jingpo', 柯尔克孜: 'Kirgiz', 土: 'Tu', 达斡尔: 'Daur', 仫佬: 'Mulao', 羌: 'Qiang', 撒拉: 'Salar', 毛南: 'Maonan',
  仡佬: 'Gelao', 布朗: 'Blang', 锡伯: 'Xibe', 普米: 'Pumi', 塔吉克: 'Tajik', 怒: 'Nu', 鄂温克: 'Ewenki', 保安: 'Bonan', 裕固: 'Yugur',
  独龙: 'Derung', 鄂伦春: 'Oroqen', 蒙古: 'Mongol', 藏: 'Tibetan', 满: 'Manchu', 朝鲜: 'Korean', 维吾尔: 'Uygur', 各: 'Multi-ethnic',
};

/** Administrative suffixes, longest first, and their English. */
const SUFFIXES: [string, string][] = [
  ['自治区', 'Autonomous Region'], ['自治州', 'Autonomous Prefecture'], ['自治县', 'Autonomous County'], ['自治旗', 'Autonomous Banner'],
  ['林区', 'Forestry District'], ['特区', 'Special District'], ['地区', 'Prefecture'], ['省', 'Province'], ['市', 'City'],
  ['县', 'County'], ['区', 'District'], ['旗', 'Banner'], ['盟', 'League'],
];
const MUNICIPALITIES = new Set(['北京市', '天津市', '上海市', '重庆市']);
const SPECIAL: Record<string, [string, string]> = {
  内蒙古自治区: ['nei meng gu', 'Inner Mongolia Autonomous Region'], 西藏自治区: ['xi zang', 'Xizang (Tibet) Autonomous Region'],
  广西壮族自治区: ['guang xi', 'Guangxi Zhuang Autonomous Region'], 宁夏回族自治区: ['ning xia', 'Ningxia Hui Autonomous Region'],
  新疆维吾尔自治区: ['xin jiang', 'Xinjiang Uygur Autonomous Region'],
};

function syllables(text: string): string[] {
  for (const [chars, reading] of Object.entries(READINGS)) {
    const at = text.indexOf(chars);
    if (at >= 0) return [...syllables(text.slice(0, at)), ...reading.split(' '), ...syllables(text.slice(at + chars.length))];
  }
  return text ? pinyin(text, { toneType: 'none', type: 'array', v: false }) : [];
}

/** "lu an" -> "Lu'an": one word, an apostrophe where a syllable starting with a, o or e follows another. */
function word(parts: string[]): string {
  const joined = parts.map((p, i) => (i > 0 && /^[aoe]/.test(p) ? `'${p}` : p)).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

export function romanise(name: string): { pinyin: string; nameEn: string } {
  if (SPECIAL[name]) return { pinyin: SPECIAL[name][0], nameEn: SPECIAL[name][1] };
  const [suffix, english] = SUFFIXES.find(([s]) => name.endsWith(s) && name.length > s.length) ?? ['', ''];
  let rest = name.slice(0, name.length - suffix.length);
  // Autonomous units: peel the ethnic groups off the end (长阳土家族 -> 长阳 + Tujia).
  const groups: string[] = [];
  if (suffix.startsWith('自治')) {
    for (;;) {
      const hit = Object.keys(ETHNIC).sort((a, b) => b.length - a.length).find((e) => rest.endsWith(`${e}族`) || (rest.endsWith(e) && rest.length > e.length + 1));
      if (!hit) break;
      groups.unshift(ETHNIC[hit]);
      rest = rest.slice(0, rest.length - hit.length - (rest.endsWith(`${hit}族`) ? 1 : 0));
    }
  }
  const proper = WHOLE_NAMES[name] ? WHOLE_NAMES[name].split(' ') : syllables(rest);
  const label = MUNICIPALITIES.has(name) ? 'Municipality' : english;
  return { pinyin: [...proper, ...syllables(name.slice(rest.length))].join(' '), nameEn: [word(proper), ...groups, label].filter(Boolean).join(' ') };
}

function readCsv(file: string): string[][] {
  return readFileSync(path.join(data, file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

if (require.main === module) {
  const rows: string[] = ['code,pinyin,nameEn'];
  const add = (code: string, name: string) => {
    if (['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'].includes(name)) return;
    const r = romanise(name);
    rows.push(`${code},"${r.pinyin}","${r.nameEn}"`);
  };
  for (const [code, name] of readCsv('gbt2260_provinces.csv')) add(`${code}0000`, name);
  for (const [code, name] of readCsv('gbt2260_cities.csv')) add(`${code}00`, name);
  for (const [code, name] of readCsv('gbt2260_county_level.csv')) add(code, name);
  writeFileSync(path.join(data, 'gbt2260_romanised.csv'), `${rows.join('\n')}\n`);
  console.log(`wrote ${rows.length - 1} names to seeds/data/gbt2260_romanised.csv`);
}
