/** Bulk loading with COPY ... FROM STDIN (text format), with backpressure. */
import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
/** A row of values for COPY. */
export type Row = (string | number | boolean | null)[];

function field(v: Row[number]): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function toLine(row: Row): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i ? '\t' : '') + field(row[i]);
  return `${line}\n`;
}

export class CopyWriter {
  private buffer = '';
  rows = 0;

  private constructor(private readonly stream: NodeJS.WritableStream & { end(cb?: () => void): void }, private readonly done: Promise<unknown>) {}

  static open(client: PoolClient, table: string, columns: readonly string[]): CopyWriter {
    const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
    const done = new Promise((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    done.catch(() => undefined);
    return new CopyWriter(stream, done);
  }

  /** Queue a row; resolves at once unless the socket asks us to wait. */
  async write(row: Row): Promise<void> {
    this.buffer += toLine(row);
    this.rows += 1;
    if (this.buffer.length >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.done]);
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
  }
}

/** COPY a list of rows in one statement. */
export async function copyRows(client: PoolClient, table: string, columns: readonly string[], rows: Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  const writer = CopyWriter.open(client, table, columns);
  for (const row of rows) await writer.write(row);
  await writer.end();
  return rows.length;
}
