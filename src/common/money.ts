import { ErrorCode } from '../errors';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** Largest amount we accept: well inside exact integer range for fen. */
const MAX_FEN = 9e15;

/**
 * An amount of yuan (a number, or its text as in a CSV cell) as integer fen, or why it is not one.
 * The one rule for money wherever it comes in: GraphQL arguments and record files.
 */
export function yuanToFen(value: unknown, opts: { nonNegative?: boolean } = {}): { fen: number } | { problem: string } {
  const n = typeof value === 'string' && /^-?\d+(\.\d{1,2})?$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return { problem: 'Money must be a number of yuan, e.g. 390900 or 12.5' };
  const fen = Math.round(n * 100);
  if (Math.abs(fen - n * 100) > 1e-6) return { problem: `Money has at most two decimals (fen), got ${n}` };
  if (Math.abs(fen) > MAX_FEN) return { problem: 'Money is out of range' };
  if (opts.nonNegative && fen < 0) return { problem: 'Money may not be negative here' };
  return { fen };
}

function fenFromYuan(value: unknown): number {
  const parsed = yuanToFen(value);
  if ('problem' in parsed) throw new GraphQLError(parsed.problem, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  return parsed.fen;
}

/**
 * Amounts of money. Stored and computed as integer fen (分) so sums are exact; sent to clients
 * as a JSON number of yuan (元) with at most two decimals; read from clients the same way.
 */
export const MoneyScalar = new GraphQLScalarType<number, number>({
  name: 'Money',
  description: 'An amount in yuan (元), exact to the fen (分): a JSON number with at most two decimals. Stored as integer fen, never as a float.',
  serialize(fen) {
    const n = typeof fen === 'string' ? Number(fen) : (fen as number);
    return Math.round(n) / 100;
  },
  parseValue: fenFromYuan,
  parseLiteral(ast) {
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT || ast.kind === Kind.STRING) return fenFromYuan(ast.kind === Kind.STRING ? ast.value : Number(ast.value));
    throw new GraphQLError('Money must be a number of yuan', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  },
});
