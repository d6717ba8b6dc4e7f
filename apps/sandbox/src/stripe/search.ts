import { StripeApiError } from './errors';

/**
 * Stripe Search Query Language, the subset LeadFlow uses:
 *   metadata['key']:'value'   field:'value'   field~'substr'   -field:'value'
 * clauses joined by AND or OR (not mixed, as in Stripe).
 */
interface Clause {
  field: string;
  metadataKey?: string;
  op: ':' | '~';
  value: string;
  negate: boolean;
}

export type FieldReader = (field: string, metadataKey?: string) => string | number | null | undefined;

function parse(query: string): { clauses: Clause[]; joiner: 'AND' | 'OR' } {
  const clauses: Clause[] = [];
  const joiners = new Set<string>();
  let rest = query.trim();
  const clauseRe = /^(-)?([a-z_]+)(?:\[(['"])(.*?)\3\])?\s*([:~])\s*(?:(['"])(.*?)\6|([^\s'"]+))\s*/i;
  while (rest.length > 0) {
    const m = clauseRe.exec(rest);
    if (!m) throw StripeApiError.invalid(`Invalid search query: ${query}`, 'query');
    clauses.push({
      negate: m[1] === '-',
      field: m[2],
      metadataKey: m[4],
      op: m[5] === '~' ? '~' : ':',
      value: m[7] ?? m[8] ?? '',
    });
    rest = rest.slice(m[0].length);
    const j = /^(AND|OR)\s+/i.exec(rest);
    if (j) {
      joiners.add(j[1].toUpperCase());
      rest = rest.slice(j[0].length);
    } else if (rest.length > 0) {
      throw StripeApiError.invalid(`Invalid search query: ${query}`, 'query');
    }
  }
  if (joiners.size > 1) throw StripeApiError.invalid('Cannot mix AND and OR in a search query.', 'query');
  if (clauses.length === 0) throw StripeApiError.invalid('Missing required param: query.', 'query');
  return { clauses, joiner: joiners.has('OR') ? 'OR' : 'AND' };
}

export function compileSearch(query: string, allowedFields: readonly string[]): (read: FieldReader) => boolean {
  const { clauses, joiner } = parse(query);
  for (const c of clauses) {
    if (c.field !== 'metadata' && !allowedFields.includes(c.field)) {
      throw StripeApiError.invalid(`Field '${c.field}' is an unsupported search field for this resource.`, 'query');
    }
  }
  return (read) => {
    const results = clauses.map((c) => {
      const raw = read(c.field, c.metadataKey);
      const actual = raw === null || raw === undefined ? '' : String(raw);
      const hit = c.op === ':' ? actual === c.value : actual.toLowerCase().includes(c.value.toLowerCase());
      return c.negate ? !hit : hit;
    });
    return joiner === 'AND' ? results.every(Boolean) : results.some(Boolean);
  };
}
