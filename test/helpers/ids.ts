/** Decode a global ID to its integer key (tests compare with plain SQL ids). */
export function keyOf(globalId: string): number {
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  return Number(text.slice(text.indexOf(':') + 1));
}

export function globalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}
