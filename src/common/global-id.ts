import { BadUserInputError } from '../errors';

/** Opaque global IDs (Relay): base64url of "Type:key". Clients must not parse them. */
export function toGlobalId(type: string, key: string | number): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export interface ParsedGlobalId {
  type: string;
  key: string;
}

export function parseGlobalId(id: string, argument = 'id'): ParsedGlobalId {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new BadUserInputError(`"${String(id).slice(0, 60)}" is not a valid ID`, argument);
  }
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0 || !/^[A-Za-z]+$/.test(text.slice(0, colon)) || colon === text.length - 1) {
    throw new BadUserInputError(`"${id.slice(0, 60)}" is not a valid ID`, argument);
  }
  return { type: text.slice(0, colon), key: text.slice(colon + 1) };
}

/** Decode an ID that must be of one type and have an integer key. */
export function decodeId(id: string, expectedType: string, argument = 'id'): number {
  const parsed = parseGlobalId(id, argument);
  if (parsed.type !== expectedType) {
    throw new BadUserInputError(`ID "${id}" is a ${parsed.type}, expected a ${expectedType}`, argument);
  }
  if (!/^\d{1,15}$/.test(parsed.key)) throw new BadUserInputError(`"${id}" is not a valid ID`, argument);
  return Number(parsed.key);
}
