/**
 * JSON text PostgreSQL wrote for part of an answer (a page's nodes: src/query/json-page.ts),
 * carried in the result as it is. The answer's encoder copies it (src/common/json-body.ts) and the
 * size bound counts it (src/graphql/json-size.ts). JSON.stringify cannot write raw text: it sees
 * RAW_JSON_MARKER instead, and a piece of an answer whose text holds the marker is walked instead.
 */
export const RAW_JSON_MARKER = '\u0000raw json\u0000';
/** The marker as it appears inside JSON.stringify's output. */
export const RAW_JSON_MARKER_TEXT = JSON.stringify(RAW_JSON_MARKER).slice(1, -1);

export class RawJson {
  constructor(readonly json: string) {}

  toJSON(): string {
    return RAW_JSON_MARKER;
  }
}
