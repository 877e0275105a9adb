import { HeaderMap } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';

/** Every error a client can see carries one of these codes in `extensions.code`. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  CONFLICT = 'CONFLICT',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The response grew past MAX_RESPONSE_BYTES while it was being built; nothing of it is sent. */
  RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE',
  /** Execution ran past EXECUTION_TIMEOUT_MS; nothing of it is sent. */
  EXECUTION_TIMEOUT = 'EXECUTION_TIMEOUT',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  // Protocol codes: the request itself is malformed (graphql-js and Apollo Server use these names).
  /** Not a GraphQL request we serve: batched, a subscription, a persisted-query mismatch, bad JSON. */
  BAD_REQUEST = 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
}

/** A problem the client caused or may act on; its message is safe to show. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad argument value: names the argument so a client can point at it. */
export class BadUserInputError extends DomainError {
  constructor(message: string, argument?: string, extra: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, { ...(argument ? { argument } : {}), ...extra });
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(ErrorCode.NOT_FOUND, message, extra);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(ErrorCode.FORBIDDEN, message, extra);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

/** The response budget or the execution deadline was exceeded: the whole response becomes this one error. */
export class ExecutionLimitError extends DomainError {
  constructor(code: ErrorCode.RESPONSE_TOO_LARGE | ErrorCode.EXECUTION_TIMEOUT, message: string, extra: Record<string, unknown> = {}) {
    super(code, message, extra);
  }
}

/**
 * Refusals decided before execution (query limits, heavy-operation admission). GraphQLErrors, so
 * Apollo sends their HTTP status and headers (Retry-After) as given.
 */
export function requestRefused(
  code: ErrorCode,
  message: string,
  opts: { status: number; retryAfterSeconds?: number; extra?: Record<string, unknown> },
): GraphQLError {
  const headers = opts.retryAfterSeconds === undefined ? undefined : new HeaderMap([['retry-after', String(opts.retryAfterSeconds)]]);
  return new GraphQLError(message, {
    extensions: {
      code,
      ...opts.extra,
      ...(opts.retryAfterSeconds === undefined ? {} : { retryAfter: opts.retryAfterSeconds }),
      http: { status: opts.status, ...(headers ? { headers } : {}) },
    },
  });
}

/** Codes produced by graphql-js / Apollo itself for malformed requests: their messages are safe. */
const PROTOCOL_CODES = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED, ErrorCode.GRAPHQL_VALIDATION_FAILED, ErrorCode.BAD_USER_INPUT, ErrorCode.BAD_REQUEST,
  ErrorCode.PERSISTED_QUERY_NOT_FOUND, ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, ErrorCode.OPERATION_RESOLUTION_FAILURE,
]);

/** Messages of Apollo Server's automatic-persisted-query refusals, which it sends without a code. */
const APOLLO_REQUEST_ERRORS = /^(provided sha does not match query|Unsupported persisted query version)$/;

/** PostgreSQL SQLSTATEs meaning "the database is not there right now" rather than "our bug". */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code === '08P01') return false; // a protocol violation caused by the request, not an outage
  if (typeof e.code === 'string' && (/^08/.test(e.code) || e.code === '57P01' || e.code === '57P03' || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET')) return true;
  return /Connection terminated|ECONNREFUSED|connect ECONN|timeout exceeded when trying to connect/i.test(e.message ?? '');
}

/** No pool connection became free within the acquire timeout: the server is busy, not broken. */
function isPoolExhausted(err: unknown): boolean {
  // knex's KnexTimeoutError, possibly rewrapped by MikroORM under another name: the message is what stays.
  return /Timeout acquiring a connection/i.test((err as { message?: string } | undefined)?.message ?? '');
}

/** Seconds a client should wait before retrying when every pool connection is busy. */
export const POOL_BUSY_RETRY_AFTER_SECONDS = 2;

/** A value PostgreSQL refused (class 22: data exception): the request's fault, say so without internals. */
function isDataException(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return typeof code === 'string' && /^22/.test(code);
}

/** A row PostgreSQL refused by a CHECK constraint (23514): the input broke an invariant; the constraint names it. */
function violatedCheck(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string } | undefined;
  return e?.code === '23514' ? (e.constraint ?? 'unnamed') : null;
}

function isStatementTimeout(err: unknown): boolean {
  return (err as { code?: string })?.code === '57014';
}

/** The read timeout fired (src/db/stalled-connections.ts, pg's message; pg's own query_timeout gives the same): no answer even past the statement timeout, so the database is stalled. */
export function isReadTimeout(err: unknown): boolean {
  return ((err as { message?: string } | undefined)?.message ?? '').includes('Query read timeout');
}

/** lock_timeout (55P03): the rows are held by another operation (an import, a refresh, a migration). */
function isLockTimeout(err: unknown): boolean {
  return (err as { code?: string })?.code === '55P03';
}


/** The error a resolver threw, under graphql-js's wrapping. */
function unwrap(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

export interface ErrorMapperOptions {
  /** Include stack traces of internal errors (development only). */
  exposeInternals: boolean;
  onInternalError: (err: unknown, errorId: string) => void;
  /** The id an internal error is logged and answered with (the request id where the error says which). */
  newErrorId: (error: unknown) => string;
}

/**
 * The one place where errors become what clients see: domain errors keep their code and
 * message, protocol errors pass through, everything else is masked as INTERNAL_SERVER_ERROR
 * with an id that points at the server log.
 */
export function createErrorFormatter(opts: ErrorMapperOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrap(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { ...original.extensions, code: original.code } };
    }
    if (isPoolExhausted(original)) {
      // retryAfter is also sent as a Retry-After header (retryAfterPlugin).
      return { ...base, message: 'The server is busy; try again shortly.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter: POOL_BUSY_RETRY_AFTER_SECONDS } };
    }
    if (isDatabaseUnavailable(original)) {
      return { ...base, message: 'The database is unavailable; try again shortly.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    if (isDataException(original)) {
      return { ...base, message: 'A value in the request is not valid for the field it is compared with.', extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    const constraint = violatedCheck(original);
    if (constraint) {
      return { ...base, message: `The data breaks the rule ${constraint}; nothing was written.`, extensions: { code: ErrorCode.BAD_USER_INPUT, constraint } };
    }
    if (isLockTimeout(original)) {
      return { ...base, message: 'The data is held by another operation (an import or a refresh); try again shortly.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter: POOL_BUSY_RETRY_AFTER_SECONDS, reason: 'locked' } };
    }
    if (isReadTimeout(original)) {
      return { ...base, message: 'The database did not answer in time; try again shortly.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter: POOL_BUSY_RETRY_AFTER_SECONDS, reason: 'stalled' } };
    }
    if (isStatementTimeout(original)) {
      return { ...base, message: 'The query took longer than the configured statement timeout; narrow the filter.', extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
    }
    let code = formatted.extensions?.code;
    // A literal that does not fit its argument's type (unknown enum value, wrong scalar) is bad input.
    if (code === 'GRAPHQL_VALIDATION_FAILED' && /^(Enum "|Value "|Value is not a valid|Money |Expected value of type|Int cannot|Float cannot|String cannot|Boolean cannot|ID cannot|Field "[^"]+" is not defined by type ".*(Filter|Order|Input)")/.test(formatted.message)) {
      code = ErrorCode.BAD_USER_INPUT;
      formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
    }
    // Our own codes on GraphQLErrors raised before execution (authentication, query limits).
    if (original instanceof GraphQLError && typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR && (Object.values(ErrorCode) as string[]).includes(code)) {
      const { stacktrace: _s, http: _h, ...rest } = formatted.extensions ?? {};
      return { ...base, message: formatted.message.replace(/^Context creation failed: /, ''), extensions: rest };
    }
    if (typeof code === 'string' && PROTOCOL_CODES.has(code)) {
      const { stacktrace: _drop, ...rest } = formatted.extensions ?? {};
      return { ...base, extensions: opts.exposeInternals ? formatted.extensions : rest };
    }
    // Apollo's own refusals of a malformed request that carry no code (sent with HTTP 400).
    if (original instanceof GraphQLError && APOLLO_REQUEST_ERRORS.test(formatted.message)) {
      return { ...base, extensions: { code: ErrorCode.BAD_REQUEST } };
    }
    const errorId = opts.newErrorId(error);
    opts.onInternalError(original, errorId);
    return {
      message: `Internal server error (id ${errorId})`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        errorId,
        ...(opts.exposeInternals ? { detail: String((original as Error)?.message ?? original) } : {}),
      },
    };
  };
}
