/**
 * Rules every caller shares, each implemented once: the opaque cursor codec (lists and groups of
 * aggregates), the page-size check, the calendar-date validator (filters, cursors, CSV and report
 * files) and the spelling of measure ids.
 */
import { decodeCursor, encodeCursor, invalidCursor } from '../src/common/cursor';
import { isIsoDate } from '../src/common/dates';
import { yuanToFen } from '../src/common/money';
import { checkPageSize } from '../src/common/page-size';
import { BadUserInputError } from '../src/errors';
import { distinctMeasureId, numericMeasureId, parseMeasureId } from '../src/analytics/measures';

/** The error a call throws, for asserting its message and extensions. */
function thrown(f: () => unknown): BadUserInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BadUserInputError);
    return e as BadUserInputError;
  }
  throw new Error('expected an error');
}

describe('cursor codec', () => {
  it('round-trips a JSON object through base64url', () => {
    const payload = { t: 'EnforcementCase', o: 'ID:ASC', v: [42, '2024-02-29', '案件 + / ='] };
    const cursor = encodeCursor(payload);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'after', 'this list')).toEqual(payload);
  });

  it('refuses what is not one of its cursors, naming the argument', () => {
    const malformed = [
      '', '!!!not-base64!!!', 'YWJj==', 'a'.repeat(2001), 42, null,
      Buffer.from('{"t":').toString('base64url'), // not JSON
      Buffer.from('null').toString('base64url'), Buffer.from('[1,2]').toString('base64url'), Buffer.from('"text"').toString('base64url'),
    ];
    for (const c of malformed) {
      const e = thrown(() => decodeCursor(c, 'before', 'this list'));
      expect(e.message).toBe('before: not a valid cursor for this list (malformed)');
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { argument: 'before' } });
    }
  });

  it('lets the caller word the reason and the list', () => {
    expect(thrown(() => decodeCursor('%', 'after', 'these groups', 'it belongs to another request or is malformed')).message)
      .toBe('after: not a valid cursor for these groups (it belongs to another request or is malformed)');
    expect(invalidCursor('after', 'this list', 'it belongs to another list').message).toBe('after: not a valid cursor for this list (it belongs to another list)');
  });
});

describe('page size', () => {
  it('accepts zero up to the maximum', () => {
    for (const n of [0, 1, 100]) expect(checkPageSize('first', n, 100)).toBe(n);
  });

  it('refuses negative, fractional and oversized pages, naming the argument', () => {
    expect(thrown(() => checkPageSize('last', -1, 100))).toMatchObject({ message: 'last must be zero or a positive integer, got -1', extensions: { argument: 'last' } });
    expect(thrown(() => checkPageSize('first', 1.5, 100)).message).toBe('first must be zero or a positive integer, got 1.5');
    expect(thrown(() => checkPageSize('first', 101, 100))).toMatchObject({
      message: 'first must be at most 100 (the maximum page size), got 101',
      code: 'BAD_USER_INPUT',
      extensions: { argument: 'first', maxPageSize: 100 },
    });
  });
});

describe('calendar dates', () => {
  it('accepts real dates in YYYY-MM-DD', () => {
    for (const d of ['2024-02-29', '2023-12-31', '1949-10-01', '2000-02-29']) expect(isIsoDate(d)).toBe(true);
  });

  it('refuses dates that do not exist, other spellings and non-strings', () => {
    const bad = ['2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-1-01', '20230101', '2023-01-01T00:00:00Z', ' 2023-01-01', '-2023-01-01', '', 20230101, null, undefined];
    for (const d of bad) expect(isIsoDate(d)).toBe(false);
  });
});

describe('measure ids', () => {
  it('are formatted and parsed in one place', () => {
    expect(numericMeasureId('fineAmount', 'sum')).toBe('fineAmount.sum');
    expect(distinctMeasureId('agencies')).toBe('distinct.agencies');
    expect(parseMeasureId('fineAmount.avg')).toEqual({ kind: 'numeric', field: 'fineAmount', aggregate: 'avg' });
    expect(parseMeasureId('distinct.agencies')).toEqual({ kind: 'distinct', name: 'agencies' });
    expect(parseMeasureId('count')).toEqual({ kind: 'named', name: 'count' });
    expect(parseMeasureId('leniencyRate')).toEqual({ kind: 'named', name: 'leniencyRate' });
  });

  it('parse back what they format', () => {
    for (const agg of ['sum', 'avg', 'min', 'max'] as const) expect(parseMeasureId(numericMeasureId('leniencyAmount', agg))).toEqual({ kind: 'numeric', field: 'leniencyAmount', aggregate: agg });
    expect(parseMeasureId(distinctMeasureId('townships'))).toEqual({ kind: 'distinct', name: 'townships' });
  });
});

describe('money', () => {
  it('one rule for GraphQL arguments and record-file cells: yuan with at most two decimals, as integer fen', () => {
    expect(yuanToFen(390900)).toEqual({ fen: 39090000 });
    expect(yuanToFen('12.5')).toEqual({ fen: 1250 });
    expect(yuanToFen(0.125)).toEqual({ problem: expect.stringMatching(/two decimals/) });
    expect(yuanToFen(0.1 + 0.2)).toEqual({ fen: 30 }); // float noise below a fen is not a third decimal
    for (const bad of ['12.345', '1e5', ' ', 'abc', NaN, Infinity, null, 1e16]) expect(yuanToFen(bad)).toHaveProperty('problem');
    // Filters may compare with negative amounts; a cell in a record file may not hold one.
    expect(yuanToFen(-5)).toEqual({ fen: -500 });
    expect(yuanToFen('-5', { nonNegative: true })).toEqual({ problem: expect.stringMatching(/negative/) });
  });
});
