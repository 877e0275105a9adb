/**
 * A page's nodes as JSON text PostgreSQL wrote (src/query/json-page.ts) arrive as the bytes PostgreSQL
 * sent, in a Buffer, and the answer's encoder copies them (src/common/json-body.ts). pg decodes every
 * text value from UTF-8 into a string, which Node 20 does slowly for text that is not ASCII, and the
 * encoder then had to encode it back: W2's 75 kB of JSON, its names in Chinese, cost 0.2-0.4 ms a
 * request both ways (bench/README.md, ninth round).
 *
 * pg cannot read one column as bytes, so the pools' connections (JsonBytesDialect, src/db/orm.ts)
 * parse the protocol with pg-protocol's own Parser, one whose DataRow handling copies the bytes of
 * the columns named JSON_BYTES_COLUMN of the statement in progress; every other message and column
 * is parsed as pg parses it. Text values on these connections are not passed through String(),
 * pg's default for text, which would decode the bytes after all. A client not on the pools
 * (psql, a test's own pg client) reads such a column as the same text, as a string.
 */
import pg, { type ClientConfig } from 'pg';
import { PostgreSqlKnexDialect } from '@mikro-orm/postgresql';
import { Parser } from 'pg-protocol/dist/parser';
import { DataRowMessage, type BackendMessage, type RowDescriptionMessage } from 'pg-protocol/dist/messages';

/** The name a statement gives a column of JSON text to have it read as bytes. */
export const JSON_BYTES_COLUMN = '__nodes';

const DATA_ROW = 0x44; // 'D'
const ROW_DESCRIPTION = 0x54; // 'T'
const READY_FOR_QUERY = 0x5a; // 'Z'
const TEXT_OID = 25;

type PacketHandler = (offset: number, code: number, length: number, bytes: Buffer) => BackendMessage;

/** A DataRow message whose columns flagged in `asBytes` are copies of their bytes (the parser reuses its buffer). */
function dataRow(bytes: Buffer, offset: number, length: number, asBytes: readonly boolean[]): DataRowMessage {
  const count = bytes.readInt16BE(offset);
  let at = offset + 2;
  const fields: (string | Buffer | null)[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const size = bytes.readInt32BE(at);
    at += 4;
    if (size === -1) {
      fields[i] = null;
      continue;
    }
    fields[i] = asBytes[i] ? Buffer.from(bytes.subarray(at, at + size)) : bytes.toString('utf8', at, at + size);
    at += size;
  }
  return new DataRowMessage(length, fields as string[]);
}

/** pg-protocol's parser, reading the JSON_BYTES_COLUMN columns of each statement's rows as bytes. */
function jsonBytesParser(): Parser {
  const parser = new Parser();
  // Its packet handler is private to its typings; the instance's own one takes precedence in parse().
  const internals = parser as unknown as { handlePacket: PacketHandler };
  const handle = internals.handlePacket.bind(parser);
  /** For the statement whose rows are coming: which columns come as bytes; null when none does. */
  let asBytes: boolean[] | null = null;
  internals.handlePacket = (offset, code, length, bytes) => {
    if (code === DATA_ROW && asBytes) return dataRow(bytes, offset, length, asBytes);
    const message = handle(offset, code, length, bytes);
    if (code === ROW_DESCRIPTION) {
      const { fields } = message as RowDescriptionMessage;
      asBytes = fields.some((f) => f.name === JSON_BYTES_COLUMN) ? fields.map((f) => f.name === JSON_BYTES_COLUMN) : null;
    } else if (code === READY_FOR_QUERY) {
      asBytes = null;
    }
    return message;
  };
  return parser;
}

/** What of pg's Connection this needs: the hook it reads its socket in, and the events its client listens to. */
interface PgConnection {
  attachListeners(stream: NodeJS.ReadableStream): void;
  emit(event: string, message: BackendMessage): boolean;
  _emitMessage?: boolean;
}

const passText = (value: string) => value;

/** A pg client whose connection reads JSON_BYTES_COLUMN columns as bytes. */
class JsonBytesClient extends pg.Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    const connection = (this as unknown as { connection: PgConnection }).connection;
    connection.attachListeners = (stream) => {
      const parser = jsonBytesParser();
      // As pg's own: each message is an event of the connection, named after it (errors as errorMessage).
      stream.on('data', (chunk: Buffer) => parser.parse(chunk, (message) => {
        if (connection._emitMessage) connection.emit('message', message);
        connection.emit(message.name === 'error' ? 'errorMessage' : message.name, message);
      }));
    };
    this.setTypeParser(TEXT_OID, 'text', passText);
  }
}

/** MikroORM's knex dialect for PostgreSQL, making its pool's connections with JsonBytesClient. */
export class JsonBytesDialect extends PostgreSqlKnexDialect {
  _driver(): typeof pg {
    return Object.assign(Object.create(pg) as typeof pg, { Client: JsonBytesClient });
  }
}
