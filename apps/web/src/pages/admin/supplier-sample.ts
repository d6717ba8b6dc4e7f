import type { IndustryDto, LeadColumnDto } from '@leadflow/api-client';

/** A believable value for a column, so a supplier's first request goes through. */
function sampleValue(column: LeadColumnDto): string | number {
  switch (column.type) {
    case 'email':
      return 'ann.smith@example.com';
    case 'phone':
      return '07700900123';
    case 'postcode':
      return 'M1 1AE';
    case 'number':
      return 250;
    case 'date':
      return '2026-12-01';
    case 'select':
      return column.options?.[0] ?? '';
    default:
      return column.key === 'lastname' ? 'Smith' : column.key === 'firstname' ? 'Ann' : `Sample ${column.label.toLowerCase()}`;
  }
}

/**
 * A ready-to-copy request for a supplier: POST /api/leads/ingest with the campaign's id and the
 * fields its industry needs (each required column, with a sample value), under the supplier's key
 * (SUPPLIER_KEY: the key shown once when the supplier was created).
 */
export function supplierCurl(origin: string, campaignId: string, industry: Pick<IndustryDto, 'leadColumns'> | undefined): string {
  const fields = Object.fromEntries((industry?.leadColumns ?? []).filter((c) => c.required).map((c) => [c.key, sampleValue(c)]));
  const body = JSON.stringify({ campaignId, externalId: 'your-reference-1', fields }, null, 2);
  return [
    `curl -X POST '${origin}/api/leads/ingest' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H 'X-Api-Key: SUPPLIER_KEY' \\`,
    `  --data-binary @- <<'JSON'`,
    body,
    'JSON',
  ].join('\n');
}
