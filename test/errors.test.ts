/** The single error mapping: domain errors keep code and message, everything else is masked. */
import { GraphQLError } from 'graphql';
import { BadUserInputError, NotFoundError, createErrorFormatter } from '../src/errors';

function formatter(exposeInternals = false) {
  const logged: { err: unknown; id: string }[] = [];
  const format = createErrorFormatter({ exposeInternals, newErrorId: () => 'err-1', onInternalError: (err, id) => logged.push({ err, id }) });
  return { format, logged };
}

const located = { message: 'x', locations: [{ line: 1, column: 3 }], path: ['county'] };

describe('error mapping', () => {
  it('keeps a domain error\'s code, message and extensions', () => {
    const { format } = formatter();
    const out = format(located, new GraphQLError('x', { originalError: new BadUserInputError('first must be at most 100', 'first', { limit: 100 }) }));
    expect(out).toEqual({ message: 'first must be at most 100', locations: located.locations, path: ['county'], extensions: { code: 'BAD_USER_INPUT', argument: 'first', limit: 100 } });
    expect(format(located, new GraphQLError('x', { originalError: new NotFoundError('gone') })).extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('masks an unexpected error as INTERNAL_SERVER_ERROR with an id, and logs the original', () => {
    const { format, logged } = formatter();
    const boom = new Error('relation "secret_table" does not exist at /srv/app/src/x.ts:12');
    const out = format({ ...located, message: boom.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, new GraphQLError(boom.message, { originalError: boom }));
    expect(out).toEqual({ message: 'Internal server error (id err-1)', locations: located.locations, path: ['county'], extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: 'err-1' } });
    expect(logged).toEqual([{ err: boom, id: 'err-1' }]);
  });

  it('maps a lost database connection to SERVICE_UNAVAILABLE without internals', () => {
    const { format } = formatter();
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const out = format(located, new GraphQLError(err.message, { originalError: err }));
    expect(out.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(out.message).not.toContain('5432');
  });

  it('maps a pool acquire timeout (every connection busy) to SERVICE_UNAVAILABLE with retryAfter, not an internal error', () => {
    const { format, logged } = formatter();
    // What knex throws when no pool connection frees up in time (MikroORM may rewrap it under another name).
    const err = Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?'), { name: 'KnexTimeoutError' });
    const out = format(located, new GraphQLError(err.message, { originalError: err }));
    expect(out.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter: expect.any(Number) });
    expect(out.extensions!.retryAfter).toBeGreaterThan(0);
    expect(logged).toEqual([]);
  });

  it('maps a CHECK constraint violation (23514) to BAD_USER_INPUT naming the rule, not an internal error', () => {
    const { format, logged } = formatter();
    // The shape node-postgres gives a refused row.
    const err = Object.assign(new Error('new row for relation "enforcement_officer" violates check constraint "enforcement_officer_cancelled_has_date"'),
      { code: '23514', constraint: 'enforcement_officer_cancelled_has_date', table: 'enforcement_officer' });
    const out = format(located, new GraphQLError(err.message, { originalError: err }));
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', constraint: 'enforcement_officer_cancelled_has_date' });
    expect(out.message).toBe('The data breaks the rule enforcement_officer_cancelled_has_date; nothing was written.');
    expect(logged).toEqual([]);
  });

  it('tells waiting from complexity: statement timeout (57014) is QUERY_TOO_COMPLEX, lock timeout (55P03) and a stalled database are SERVICE_UNAVAILABLE with retryAfter', () => {
    const { format, logged } = formatter();
    const as = (err: Error) => format(located, new GraphQLError(err.message, { originalError: err }));
    // The shapes node-postgres gives: server errors carry a SQLSTATE; its own query_timeout only a message.
    const slow = as(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }));
    expect(slow.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
    expect(slow.message).toMatch(/narrow the filter/);
    const locked = as(Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' }));
    expect(locked.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'locked', retryAfter: expect.any(Number) });
    expect(locked.message).not.toMatch(/narrow/);
    const stalled = as(new Error('Query read timeout'));
    expect(stalled.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'stalled', retryAfter: expect.any(Number) });
    expect(stalled.message).not.toMatch(/narrow/);
    expect(logged).toEqual([]);
  });

  it('passes protocol errors through without stack traces', () => {
    const { format } = formatter();
    const out = format({ message: 'Syntax Error: Expected Name', extensions: { code: 'GRAPHQL_PARSE_FAILED', stacktrace: ['GraphQLError: ...'] } }, new GraphQLError('Syntax Error'));
    expect(out).toEqual({ message: 'Syntax Error: Expected Name', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });
});
