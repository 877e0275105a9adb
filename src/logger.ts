import pino, { Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/** Structured JSON logs on stdout; one logger per process, children per request. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'rule-of-law-graph' } });
}
