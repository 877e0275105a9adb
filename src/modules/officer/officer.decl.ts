import { countyFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { agencyFilters } from '../agency/agency-filters';
import type { EntityDecl } from '../../query/declaration';
import { CancellationReason, CertificateStatus, EnforcementOfficer } from './officer.entity';

export const officerDecl: EntityDecl = {
  name: 'EnforcementOfficer',
  records: true,
  plural: 'enforcement officers',
  entity: EnforcementOfficer,
  table: 'enforcement_officer',
  alias: 'o',
  mainDate: 'o.issued_on',
  countyColumn: 'o.county_id',
  joins: { agency: 'JOIN agency oa ON oa.id = o.agency_id' },
  filters: [
    idFilter('EnforcementOfficer', 'o.id'),
    ...countyFilters('o.county_id'),
    ...agencyFilters('o.agency_id', 'agency', 'oa'),
    { name: 'status', kind: 'enum', enumType: CertificateStatus, enumName: 'CertificateStatus', sql: 'o.status', description: 'Certificate status.' },
    { name: 'cancellationReason', kind: 'enum', enumType: CancellationReason, enumName: 'CancellationReason', sql: 'o.cancellation_reason', description: 'Why the certificate was cancelled.' },
    { name: 'issuedOn', kind: 'date', sql: '{date}', description: 'Date the certificate was issued.' },
    { name: 'year', kind: 'int', sql: 'extract(year FROM {date})::int', description: 'Year the certificate was issued.' },
    { name: 'cancelledOn', kind: 'date', sql: 'o.cancelled_on', description: 'Date the certificate was cancelled.' },
    { name: 'cancellationYear', kind: 'int', sql: 'extract(year FROM o.cancelled_on)::int', description: 'Year the certificate was cancelled.' },
    { name: 'activeOn', kind: 'asOf', sql: 'o.issued_on', asOf: { from: 'o.issued_on', to: 'o.cancelled_on' }, description: 'Holding a valid certificate on this date (持证).' },
    { name: 'name', kind: 'text', sql: 'o.name', personal: true, description: 'Name (personal data: editors of the county and admins only).' },
    { name: 'certificateNumber', kind: 'text', sql: 'o.certificate_number', personal: true, description: 'Certificate number (personal data: editors of the county and admins only).' },
    provenanceFilter('o'),
  ],
  orders: [
    idOrder('o.id'),
    { name: 'ISSUED_ON', kind: 'date', sql: 'o.issued_on' },
    { name: 'CANCELLED_ON', kind: 'date', sql: "COALESCE(o.cancelled_on, '-infinity'::date)" },
    { name: 'NAME', kind: 'text', sql: 'o.name', personal: true },
    { name: 'CERTIFICATE_NUMBER', kind: 'text', sql: 'o.certificate_number', personal: true },
  ],
  defaultOrder: [{ field: 'ID', direction: 'ASC' }],
  list: { field: 'enforcementOfficers', description: 'Enforcement officers (行政执法人员) and their certificates.' },
  reverse: { County: { description: 'Enforcement officers of the county\'s agencies.' }, Agency: { description: 'The agency\'s enforcement officers.' } },
};
