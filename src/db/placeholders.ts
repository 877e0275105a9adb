import type { Sql } from './sql';

/**
 * Our Sql in the form knex.raw() takes: `?` for each value, values as an array of bindings.
 * knex numbers the `?`s into PostgreSQL's $1..$n itself and sends the values as real parameters,
 * so the text it sends is `text` below (what the statement counter records).
 *
 * knex reads `??` as an identifier binding and `\?` as a literal `?`, so a `?` that is part of our
 * SQL text (jsonb operators, string literals) is written `\?`, and a value placed right after a `?`
 * is separated from it by a space. A backslash right before a `?` or before a value has no safe
 * spelling in knex and is refused (our SQL has none).
 */
export interface KnexStatement {
  /** For knex.raw(): `?` placeholders, literal `?` escaped. Without bindings, send `text` as it is. */
  knexText: string;
  bindings: unknown[];
  /** The $n text PostgreSQL receives. */
  text: string;
}

export function toKnexStatement(q: Sql): KnexStatement {
  return compile(q, true);
}

/**
 * The text and values pg sends for `q` (db.ts's direct path): what toKnexStatement gives as `text`
 * and `bindings`, with the same refusals, without writing knex's text.
 */
export function toPgStatement(q: Sql): Omit<KnexStatement, 'knexText'> {
  const { text, bindings } = compile(q, false);
  return { text, bindings };
}

function compile(q: Sql, forKnex: boolean): KnexStatement {
  let knexText = '';
  let text = '';
  const bindings: unknown[] = [];
  // How knex's text ends so far (read off the parts: endsWith on a string built by += copies it whole each time).
  let endsWithQuestion = false;
  let endsWithBackslash = false;
  for (const part of q.parts) {
    if ('text' in part) {
      if (forKnex) knexText += part.text.replaceAll('?', '\\?');
      text += part.text;
      if (part.text.length) {
        const last = part.text[part.text.length - 1];
        endsWithQuestion = last === '?';
        endsWithBackslash = last === '\\';
      }
      continue;
    }
    const value = part.value;
    // knex would compile a function or one of its own builders into SQL text: values are data only.
    const builderLike = typeof value === 'object' && value !== null && ('isRawInstance' in value || typeof (value as { toSQL?: unknown }).toSQL === 'function');
    if (typeof value === 'function' || builderLike) {
      throw new Error('an SQL value must be data, not a function or a query builder');
    }
    if (endsWithBackslash) throw new Error('SQL text has a backslash before a value, which knex cannot pass through');
    if (endsWithQuestion) {
      if (forKnex) knexText += ' ';
      text += ' ';
    }
    // pg sends undefined as NULL; knex refuses undefined bindings.
    bindings.push(value === undefined ? null : value);
    if (forKnex) knexText += '?';
    text += `$${bindings.length}`;
    endsWithQuestion = true;
    endsWithBackslash = false;
  }
  if (bindings.length && /\\\?/.test(text)) throw new Error('SQL text has a backslash before "?", which knex cannot pass through');
  return { knexText, bindings, text };
}
