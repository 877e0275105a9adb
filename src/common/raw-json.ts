/**
 * JSON text PostgreSQL wrote for part of an answer (a page's nodes: src/query/json-page.ts),
 * carried in the result as it is, in the pieces it came in: a page of many nodes comes in several,
 * so that no single string is large enough for V8's large-object space (see json-body.ts). The
 * answer's encoder copies the pieces (src/common/json-body.ts) and the size bound counts them
 * (src/graphql/json-size.ts). JSON.stringify cannot write raw text: it sees RAW_JSON_MARKER
 * instead, and a piece of an answer whose text holds the marker is walked instead.
 */
export const RAW_JSON_MARKER = '\u0000raw json\u0000';
/** The marker as it appears inside JSON.stringify's output. */
export const RAW_JSON_MARKER_TEXT = JSON.stringify(RAW_JSON_MARKER).slice(1, -1);

/** A piece of JSON text: a string, or its UTF-8 bytes as PostgreSQL sent them (src/db/json-bytes.ts). */
export type JsonPiece = string | Buffer;

export class RawJson {
  /** The JSON text is these pieces one after the other. */
  readonly pieces: readonly JsonPiece[];

  constructor(json: JsonPiece | readonly JsonPiece[]) {
    this.pieces = typeof json === 'string' || Buffer.isBuffer(json) ? [json] : json;
  }

  /** The whole text (one string: for tests and small values; the encoder copies the pieces). */
  get json(): string {
    return this.pieces.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('');
  }

  /** At most how many bytes the text takes as UTF-8: a string's code unit takes at most 3. */
  get maxBytes(): number {
    let n = 0;
    for (const piece of this.pieces) n += typeof piece === 'string' ? 3 * piece.length : piece.length;
    return n;
  }

  toJSON(): string {
    return RAW_JSON_MARKER;
  }
}
