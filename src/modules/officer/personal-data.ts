import type { Context } from '../../context';
import { ForbiddenError } from '../../errors';
import type { EnforcementOfficer } from './officer.entity';

/** Whether this request may read personal data of an officer of the given county. */
export function canReadPersonalData(_ctx: Context, _countyId: number): boolean {
  // Until roles exist nobody may: names and certificate numbers are never public.
  return false;
}

/** The value, or a FORBIDDEN error for this field (GraphQL returns null plus the error). */
export function personalField(ctx: Context, officer: EnforcementOfficer, value: string): string {
  if (!canReadPersonalData(ctx, officer.county.id)) throw new ForbiddenError('Personal data (officer names and certificate numbers) is visible only to editors of the officer\'s county and admins.');
  return value;
}
