/**
 * Which text encoding a county's export uses. Government systems often export GB18030/GBK:
 * we detect it and convert; a file that mixes UTF-8 and GBK is refused (converting it would
 * silently corrupt one of the halves).
 */
import { createReadStream } from 'node:fs';

export type Encoding = 'utf-8' | 'gb18030';

export class EncodingError extends Error {}

const GBK_LEAD = (b: number) => b >= 0x81 && b <= 0xfe;
const GBK_TRAIL = (b: number) => (b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe);

/** Line of the first byte that is not valid UTF-8, or null. Keeps state across chunks. */
class Utf8Scanner {
  private pending = 0;
  private line = 1;
  sawMultibyte = false;
  firstInvalidLine: number | null = null;
  gbkPlausible = true;
  private gbkPending = false;

  feed(chunk: Buffer): void {
    for (const b of chunk) {
      if (b === 0x0a) this.line += 1;
      // GB18030 two-byte plausibility (a cheap check, enough to tell GBK from garbage).
      if (this.gbkPending) {
        if (!GBK_TRAIL(b)) this.gbkPlausible = false;
        this.gbkPending = false;
      } else if (b >= 0x80) {
        if (GBK_LEAD(b)) this.gbkPending = true;
        else this.gbkPlausible = false;
      }
      if (this.firstInvalidLine !== null) continue;
      if (this.pending > 0) {
        if ((b & 0xc0) === 0x80) {
          this.pending -= 1;
          if (this.pending === 0) this.sawMultibyte = true;
        } else this.firstInvalidLine = this.line;
      } else if (b >= 0x80) {
        if ((b & 0xe0) === 0xc0 && b >= 0xc2) this.pending = 1;
        else if ((b & 0xf0) === 0xe0) this.pending = 2;
        else if ((b & 0xf8) === 0xf0 && b <= 0xf4) this.pending = 3;
        else this.firstInvalidLine = this.line;
      }
    }
  }
}

/** Reads the file once (streaming) and decides how to decode it. */
export async function detectEncoding(path: string): Promise<{ encoding: Encoding; note: string | null }> {
  const scanner = new Utf8Scanner();
  for await (const chunk of createReadStream(path)) scanner.feed(chunk as Buffer);
  if (scanner.firstInvalidLine === null) return { encoding: 'utf-8', note: null };
  if (scanner.sawMultibyte) {
    throw new EncodingError(`the file mixes encodings: UTF-8 text, then bytes that are not UTF-8 from line ${scanner.firstInvalidLine}; export it again in one encoding`);
  }
  if (scanner.gbkPlausible) return { encoding: 'gb18030', note: 'converted from GB18030/GBK to UTF-8' };
  throw new EncodingError(`the file is neither UTF-8 nor GBK text (first bad byte on line ${scanner.firstInvalidLine}); is it a spreadsheet or a binary file?`);
}
