/**
 * China's official working-day calendar, for dating the synthetic records: government bodies and
 * courts act on working days. A day is a working day when it is a weekday and not a statutory
 * holiday, or when the State Council's notice moves work onto it (调休上班).
 *
 * 2023: 国务院办公厅关于2023年部分节假日安排的通知 (国办发明电〔2022〕16号, 2022-12-08; published in
 * 中华人民共和国国务院公报 2023年第1号).
 * Years without a notice here fall back to weekends only (no statutory holidays held).
 */

interface YearNotice {
  source: string;
  /** Days off beyond ordinary weekends (weekend days inside a holiday block are listed too, harmlessly). */
  holidays: [from: string, to: string][];
  /** Weekend days that are working days (调休上班). */
  workingWeekends: string[];
}

export const NOTICES: Record<number, YearNotice> = {
  2023: {
    source: '国务院办公厅关于2023年部分节假日安排的通知 (国办发明电〔2022〕16号)',
    holidays: [
      ['2022-12-31', '2023-01-02'], // 元旦
      ['2023-01-21', '2023-01-27'], // 春节
      ['2023-04-05', '2023-04-05'], // 清明节
      ['2023-04-29', '2023-05-03'], // 劳动节
      ['2023-06-22', '2023-06-24'], // 端午节
      ['2023-09-29', '2023-10-06'], // 中秋节、国庆节
    ],
    workingWeekends: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
  },
};

/** 春节 (正月初一) by year, for the seasonal low around it; lunar dates, not in the notices. */
export const SPRING_FESTIVAL: Record<number, string> = {
  2019: '2019-02-05', 2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22',
  2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17',
};

const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

const offDays = new Map<number, Set<string>>();
const onDays = new Map<number, Set<string>>();

function noticeSets(year: number): { off: Set<string>; on: Set<string> } {
  if (!offDays.has(year)) {
    const notice = NOTICES[year];
    const off = new Set<string>();
    for (const [from, to] of notice?.holidays ?? []) {
      for (let t = dayMs(from); t <= dayMs(to); t += DAY_MS) off.add(isoDate(t));
    }
    offDays.set(year, off);
    onDays.set(year, new Set(notice?.workingWeekends ?? []));
  }
  return { off: offDays.get(year)!, on: onDays.get(year)! };
}

export function isWorkingDay(date: string): boolean {
  const { off, on } = noticeSets(Number(date.slice(0, 4)));
  if (on.has(date)) return true;
  if (off.has(date)) return false;
  const weekday = new Date(dayMs(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

const monthCache = new Map<string, { working: string[]; other: string[] }>();

/** The days of a month (1-12), split into working and non-working days. */
export function daysOfMonth(year: number, month: number): { working: string[]; other: string[] } {
  const key = `${year}-${month}`;
  let hit = monthCache.get(key);
  if (!hit) {
    hit = { working: [], other: [] };
    for (let t = Date.UTC(year, month - 1, 1); new Date(t).getUTCMonth() === month - 1; t += DAY_MS) {
      const d = isoDate(t);
      (isWorkingDay(d) ? hit.working : hit.other).push(d);
    }
    monthCache.set(key, hit);
  }
  return hit;
}
