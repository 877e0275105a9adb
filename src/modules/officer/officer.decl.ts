import { idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { agencyFilters } from '../agency/agency-filters';
import { countyFilters } from '../geography/geography-filters';
import { EnforcementOfficer } from './officer.entity';

export const officerDecl = record(EnforcementOfficer, {
  records: true,
  plural: 'enforcement officers',
  mainDate: 'issuedOn',
  filters: [
    idFilter('EnforcementOfficer'),
    ...countyFilters(),
    ...agencyFilters(),
    { name: 'status', path: 'status', description: 'Certificate status.' },
    { name: 'cancellationReason', path: 'cancellationReason', description: 'Why the certificate was cancelled.' },
    { name: 'issuedOn', path: '@date', description: 'Date the certificate was issued.' },
    { name: 'year', path: '@date', of: 'year', description: 'Year the certificate was issued.' },
    { name: 'cancelledOn', path: 'cancelledOn', description: 'Date the certificate was cancelled.' },
    { name: 'cancellationYear', path: 'cancelledOn', of: 'year', description: 'Year the certificate was cancelled.' },
    { name: 'activeOn', path: 'issuedOn', kind: 'asOf', between: { from: 'issuedOn', to: 'cancelledOn' }, description: 'Holding a valid certificate on this date (持证).' },
    { name: 'name', path: 'name', personal: true, description: 'Name (personal data: editors of the county and admins only).' },
    { name: 'certificateNumber', path: 'certificateNumber', personal: true, description: 'Certificate number (personal data: editors of the county and admins only).' },
    provenanceFilter(),
  ],
  orders: [
    idOrder(),
    { name: 'ISSUED_ON', path: 'issuedOn' },
    { name: 'CANCELLED_ON', path: 'cancelledOn', unsetLowest: true },
    { name: 'NAME', path: 'name', personal: true },
    { name: 'CERTIFICATE_NUMBER', path: 'certificateNumber', personal: true },
  ],
  defaultOrder: [{ field: 'ID', direction: 'ASC' }],
  list: { field: 'enforcementOfficers', description: 'Enforcement officers (行政执法人员) and their certificates.' },
  reverse: { County: { description: 'Enforcement officers of the county\'s agencies.' }, Agency: { description: 'The agency\'s enforcement officers.' } },
});
