/**
 * Dates for the synthetic records: working days of the official calendar, with a seasonal low in
 * the weeks around 春节 (offices wind down before the holiday and pick up slowly after it).
 */
import { Random } from './random';
import { SPRING_FESTIVAL, dayMs, daysOfMonth, isWorkingDay, isoDate } from './work-calendar';

const DAY_MS = 86_400_000;

/** How busy a working day is next to the Spring Festival (1 = an ordinary day). */
export function festivalFactor(date: string): number {
  const festival = SPRING_FESTIVAL[Number(date.slice(0, 4))];
  if (!festival) return 1;
  const offset = (dayMs(date) - dayMs(festival)) / DAY_MS;
  if (offset >= -7 && offset < 0) return 0.6; // the week before 除夕
  if (offset >= 0 && offset <= 12) return 0.45; // the first working days of 正月
  return 1;
}

interface MonthDays {
  working: string[];
  cumulative: number[];
  other: string[];
}

const cache = new Map<string, MonthDays>();

function month(year: number, m: number): MonthDays {
  const key = `${year}-${m}`;
  let hit = cache.get(key);
  if (!hit) {
    const { working, other } = daysOfMonth(year, m);
    let total = 0;
    const cumulative = working.map((d) => (total += festivalFactor(d)));
    hit = { working, cumulative, other };
    cache.set(key, hit);
  }
  return hit;
}

/** Working-day capacity of a month (working days weighted by the festival low). */
export function monthCapacity(year: number, m: number): number {
  const c = month(year, m).cumulative;
  return c.length ? c[c.length - 1] : 0;
}

/** A working day of the month, drawn by its weight. */
export function busyWorkingDay(rng: Random, year: number, m: number): string {
  const { working, cumulative } = month(year, m);
  const r = rng.next() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return working[lo];
}

/** A weekend or holiday of the month (for the deliberate exceptions: police on duty). */
export function nonWorkingDay(rng: Random, year: number, m: number): string {
  return rng.pick(month(year, m).other);
}

/** Any working day between two months (inclusive), each equally likely. */
const spans = new Map<string, string[]>();

export function workingDay(rng: Random, year: number, fromMonth = 1, toMonth = 12): string {
  const key = `${year}:${fromMonth}:${toMonth}`;
  let days = spans.get(key);
  if (!days) {
    days = [];
    for (let m = fromMonth; m <= toMonth; m++) days.push(...month(year, m).working);
    spans.set(key, days);
  }
  return rng.pick(days);
}

/** A working day of the month whose day of month lies in [fromDay, toDay]; any working day of the month if none does. */
export function workingDayWithin(rng: Random, year: number, m: number, fromDay: number, toDay: number): string {
  const days = month(year, m).working;
  const within = days.filter((d) => Number(d.slice(8)) >= fromDay && Number(d.slice(8)) <= toDay);
  return rng.pick(within.length ? within : days);
}

/** The working day `n` working days before `date`. */
export function workingDaysBefore(date: string, n: number): string {
  let t = dayMs(date);
  for (let left = n; left > 0; ) {
    t -= DAY_MS;
    if (isWorkingDay(isoDate(t))) left -= 1;
  }
  return isoDate(t);
}
