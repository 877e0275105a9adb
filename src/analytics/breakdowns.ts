/**
 * Which dimensions a published figure may be broken down by: the enum filters of its fact
 * (agencyLevel, kind, outcome...) and references by code (taskForceCode, agencyCode,
 * townshipCode). A breakdown becomes an equality filter when the figure is computed from records.
 */
import { facts } from './facts';

const CODE_KEYS = new Set(['taskForceCode', 'agencyCode', 'townshipCode']);

export const factBreakdowns: Record<string, Record<string, readonly string[]>> = Object.fromEntries(
  facts.map((fact) => [
    fact.key,
    Object.fromEntries(fact.entity.filters
      .filter((f) => f.kind === 'enum' || CODE_KEYS.has(f.name))
      .map((f) => [f.name, f.kind === 'enum' ? Object.values(f.enumType ?? {}) as string[] : []])),
  ]),
);

/** The filter a breakdown stands for: { agencyLevel: 'TOWNSHIP' } -> { agencyLevel: { eq: 'TOWNSHIP' } }. */
export function breakdownFilter(breakdown: Record<string, string>): Record<string, { eq: string }> {
  return Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, { eq: v }]));
}
