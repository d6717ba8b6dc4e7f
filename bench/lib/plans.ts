/**
 * Query plans of what a service really runs: a DataSource that records every `query(sql, params)`
 * it is given (and runs it), then EXPLAIN (ANALYZE, BUFFERS) of each recorded statement, reduced to
 * what matters for a read path: which scans, how many rows each touched, big sorts, time.
 */
import type { DataSource } from 'typeorm';

export interface Captured {
  sql: string;
  params: unknown[];
}

/** `db`, except that every `query()` is also pushed onto `into`. */
export function recordingDataSource(db: DataSource, into: Captured[]): DataSource {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (sql: string, params?: unknown[]) => {
          into.push({ sql, params: params ?? [] });
          return target.query(sql, params);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Heap Fetches'?: number;
  'Sort Method'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface ScanSummary {
  node: string;
  table: string;
  index: string | null;
  /** Rows the node looked at (returned + filtered out), over all loops. */
  rowsRead: number;
}

export interface QueryPlan {
  sql: string;
  executionMs: number;
  planningMs: number;
  /** Shared buffers hit + read (8 KB pages). */
  buffers: number;
  scans: ScanSummary[];
  /** The largest sort input, in rows (0 when nothing is sorted). */
  sortedRows: number;
  flags: string[];
}

/** Tables that grow with the business: a sequential scan over one of them is a finding. */
export const LARGE_TABLES = ['leads', 'deliveries', 'ledger_entries', 'outbox_events', 'payments', 'webhook_deliveries', 'lead_reports'];

/** A sequential scan of a large table reading at least this many rows is flagged (below it, the table is still small). */
const SEQ_SCAN_LIMIT = 10_000;
/** Beyond this many rows read (or sorted) by one statement of a read path, it is flagged. */
const ROWS_READ_LIMIT = 50_000;

function walk(node: PlanNode, visit: (n: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

export async function explain(db: DataSource, q: Captured): Promise<QueryPlan> {
  const [row] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, q.params)) as Array<{
    'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }>;
  }>;
  const top = row!['QUERY PLAN'][0]!;
  const scans: ScanSummary[] = [];
  let sortedRows = 0;
  const flags: string[] = [];
  walk(top.Plan, (n) => {
    const loops = n['Actual Loops'] ?? 1;
    if (n['Relation Name']) {
      const rowsRead = ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0)) * loops;
      scans.push({ node: n['Node Type'], table: n['Relation Name'], index: n['Index Name'] ?? null, rowsRead });
      if (n['Node Type'].includes('Seq Scan') && LARGE_TABLES.includes(n['Relation Name']) && rowsRead >= SEQ_SCAN_LIMIT)
        flags.push(`Seq Scan on ${n['Relation Name']} (${fmt(rowsRead)} rows)`);
    }
    if (n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort') {
      // A sort's input is its child's output.
      const input = (n.Plans?.[0]?.['Actual Rows'] ?? 0) * (n.Plans?.[0]?.['Actual Loops'] ?? 1);
      sortedRows = Math.max(sortedRows, input);
    }
  });
  const read = scans.reduce((s, x) => s + x.rowsRead, 0);
  if (read > ROWS_READ_LIMIT) flags.push(`reads ${fmt(read)} rows`);
  if (sortedRows > ROWS_READ_LIMIT) flags.push(`sorts ${fmt(sortedRows)} rows`);
  return {
    sql: q.sql.replace(/\s+/g, ' ').trim(),
    executionMs: top['Execution Time'],
    planningMs: top['Planning Time'],
    buffers: (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0),
    scans,
    sortedRows,
    flags: [...new Set(flags)],
  };
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

/** One line per scan: `Index Only Scan deliveries_client_delivered_idx on deliveries: 1,000 rows`. */
export function describeScans(p: QueryPlan): string[] {
  return p.scans.map((s) => `${s.node}${s.index ? ` ${s.index}` : ''} on ${s.table}: ${fmt(s.rowsRead)} rows`);
}
