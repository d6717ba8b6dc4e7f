import { getClientLedgerOptions, listLedgerOptions } from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SdkResult } from '../../api/api-result';
import { useApiCall } from '../../api/connection';
import { saveTextFile } from '../../api/download';
import { formatDateTime, formatMoney, formatSignedMoney, LEDGER_KIND_LABELS, type LedgerKind } from '../../api/format';
import { useListParams } from '../../api/url-state';
import { FormAlert } from '../../components/form';
import { PagedList } from '../../components/query-view';

const PAGE_SIZE = 20;
const KINDS = Object.keys(LEDGER_KIND_LABELS) as LedgerKind[];

export interface LedgerQuery {
  page: number;
  pageSize: number;
  kind?: LedgerKind;
  from?: string;
  to?: string;
}

interface Filters {
  kind: LedgerKind | '';
  /** yyyy-mm-dd, as the date inputs give them. */
  from: string;
  to: string;
}

/** The API filters `from <= created_at < to`; the dates are whole local days, so `to` is the next midnight. */
function toQuery(filters: Filters, page: number, pageSize: number): LedgerQuery {
  const startOf = (day: string, plusDays = 0) => {
    const d = new Date(`${day}T00:00:00`);
    d.setDate(d.getDate() + plusDays);
    return d.toISOString();
  };
  return {
    page,
    pageSize,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.from ? { from: startOf(filters.from) } : {}),
    ...(filters.to ? { to: startOf(filters.to, 1) } : {}),
  };
}

interface Props {
  /** Whose ledger: the signed-in client's own, or (admins) one client's. */
  clientId?: string;
  /** The same filters as CSV (clients only). */
  exportCsv?: (query: Omit<LedgerQuery, 'page' | 'pageSize'>) => Promise<SdkResult<string>>;
  title?: string;
}

const FILTER_KEYS = ['kind', 'from', 'to'] as const;

/** Every movement of the balance, newest first, filtered by kind and dates (kept in the address as `ledgerKind`…). */
export function LedgerSection({ clientId, exportCsv, title = 'Ledger' }: Props) {
  const call = useApiCall();
  const list = useListParams(FILTER_KEYS, 'ledger');
  const kind = list.filters.kind;
  const filters: Filters = {
    kind: KINDS.includes(kind as LedgerKind) ? (kind as LedgerKind) : '',
    from: list.filters.from,
    to: list.filters.to,
  };
  const [dateError, setDateError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  // Clear empties the (uncontrolled) filter inputs by mounting the form afresh.
  const [formVersion, setFormVersion] = useState(0);
  const query = toQuery(filters, list.page, PAGE_SIZE);
  // Two routes, one page shape: the options differ only in their key's type.
  const options = (clientId ? getClientLedgerOptions({ path: { id: clientId }, query }) : listLedgerOptions({ query })) as ReturnType<
    typeof listLedgerOptions
  >;
  const ledger = useQuery({ ...options, placeholderData: keepPreviousData });

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : '';
    };
    const next = { kind: text('kind'), from: text('from'), to: text('to') };
    if (next.from && next.to && next.from > next.to) return setDateError('The "From" date must be on or before the "To" date.');
    setDateError(null);
    list.setFilters(next);
  }

  async function download() {
    if (!exportCsv) return;
    setExporting(true);
    setExportError(null);
    const { page: _page, pageSize: _pageSize, ...query } = toQuery(filters, 1, PAGE_SIZE);
    const outcome = await call(exportCsv(query));
    setExporting(false);
    if (outcome.ok) saveTextFile(`leadflow-ledger-${new Date().toISOString().slice(0, 10)}.csv`, outcome.data);
    else if (outcome.failure.kind === 'api') setExportError(outcome.failure.message);
  }

  return (
    <section className="section" aria-labelledby="ledger-title">
      <div className="page-head-row">
        <h2 id="ledger-title">{title}</h2>
        {exportCsv ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => void download()}
            disabled={exporting}
            aria-disabled={exporting}
          >
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        ) : null}
      </div>
      {exportError ? <FormAlert>{exportError}</FormAlert> : null}
      <form className="filters" role="search" aria-label={`Filter the ${title.toLowerCase()}`} onSubmit={onFilter} key={formVersion}>
        <div className="field">
          <label htmlFor="ledger-kind">Kind</label>
          <select id="ledger-kind" name="kind" defaultValue={filters.kind}>
            <option value="">All kinds</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {LEDGER_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ledger-from">From</label>
          <input
            id="ledger-from"
            name="from"
            type="date"
            defaultValue={filters.from}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? 'ledger-date-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="ledger-to">To</label>
          <input id="ledger-to" name="to" type="date" defaultValue={filters.to} />
        </div>
        <div className="filters-actions">
          <button type="submit" className="button">
            Apply
          </button>
          {list.filtered ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                list.setFilters({ kind: '', from: '', to: '' });
                setDateError(null);
                setFormVersion((n) => n + 1);
              }}
            >
              Clear
            </button>
          ) : null}
        </div>
        {dateError ? (
          <p id="ledger-date-error" className="field-error filters-error" role="alert">
            {dateError}
          </p>
        ) : null}
      </form>
      <PagedList
        query={ledger}
        loading="Loading the ledger…"
        failed="We couldn't load the ledger."
        empty={list.filtered ? 'No entries match these filters.' : 'No entries yet. Top-ups, leads and adjustments will show here.'}
        noun={['entry', 'entries']}
        onPage={list.setPage}
      >
        {(items) => (
          <table className="table">
            <caption className="visually-hidden">Ledger entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Kind</th>
                <th scope="col">Description</th>
                <th scope="col" className="numeric">
                  Amount
                </th>
                <th scope="col" className="numeric">
                  Balance after
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td data-label="Date">{formatDateTime(e.createdAt)}</td>
                  <td data-label="Kind">{LEDGER_KIND_LABELS[e.kind]}</td>
                  <td data-label="Description">{e.description ?? <span className="muted">—</span>}</td>
                  <td data-label="Amount" className={e.amount < 0 ? 'numeric amount-debit' : 'numeric amount-credit'}>
                    {formatSignedMoney(e.amount, e.currency)}
                  </td>
                  <td data-label="Balance after" className="numeric">
                    {formatMoney(e.balanceAfter, e.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
