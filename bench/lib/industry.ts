/** The lead columns of the benchmarks' industry: the usual solar form. */
export const BENCH_LEAD_COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
  { key: 'roof_type', label: 'Roof', type: 'select', required: true, options: ['pitched', 'flat'] },
];
