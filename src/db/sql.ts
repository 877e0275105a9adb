/**
 * A tiny tagged-template SQL builder. Interpolated values always become bound parameters
 * ($1, $2, ...); SQL text can only come from template literals in our code or from
 * `raw()`/`ident()`, which callers use for identifiers and expressions taken from declarations.
 * Nothing a client sends can become SQL text.
 */
type Part = { text: string } | { value: unknown };

export class Sql {
  /**
   * `reusesPlan`: the statement is prepared once per connection and run with a generic plan
   * (src/db/prepared-statements.ts), for statements whose best plan does not depend on their values.
   */
  constructor(readonly parts: readonly Part[], readonly reusesPlan = false) {}

  /** Compile to text with $n placeholders and the matching values. */
  compile(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    let text = '';
    for (const part of this.parts) {
      if ('text' in part) text += part.text;
      else {
        values.push(part.value);
        text += `$${values.length}`;
      }
    }
    return { text, values };
  }

  get isEmpty(): boolean {
    return this.parts.every((p) => 'text' in p && p.text.trim() === '');
  }
}

export function sql(strings: TemplateStringsArray, ...args: unknown[]): Sql {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push({ text: s });
    if (i < args.length) {
      const arg = args[i];
      if (arg instanceof Sql) parts.push(...arg.parts);
      else parts.push({ value: arg });
    }
  });
  return new Sql(parts);
}

/** Trusted SQL text (from declarations in our code, never from a request). */
export function raw(text: string): Sql {
  return new Sql([{ text }]);
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** A quoted identifier; refuses anything that is not a plain lower-case name. */
export function ident(...names: string[]): Sql {
  for (const n of names) if (!IDENT.test(n)) throw new Error(`not a safe SQL identifier: ${n}`);
  return raw(names.map((n) => `"${n}"`).join('.'));
}

export function join(items: Sql[], separator = ', '): Sql {
  const parts: Part[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push({ text: separator });
    parts.push(...item.parts);
  });
  return new Sql(parts);
}

export const empty = raw('');

/** The statement `q`, planned once per connection and its plan reused (see Sql.reusesPlan). */
export function reusingPlan(q: Sql): Sql {
  return new Sql(q.parts, true);
}
