import type { Context } from '../../context';
import { ForbiddenError } from '../../errors';
import { canReadPersonalData } from '../auth/viewer';
import type { EnforcementOfficer } from './officer.entity';

/** The value, or a FORBIDDEN error for this field (GraphQL returns null plus the error). */
export function personalField(ctx: Context, officer: EnforcementOfficer, value: string): string {
  if (!canReadPersonalData(ctx.viewer, officer.county.id)) {
    throw new ForbiddenError('Personal data (officer names and certificate numbers) is visible only to editors of the officer\'s county and admins.');
  }
  return value;
}
