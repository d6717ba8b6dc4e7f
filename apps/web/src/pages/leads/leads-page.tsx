import { exportLeads, type LeadColumnDto, type ListLeadsData, listLeadsOptions } from '@leadflow/api-client';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { saveTextFile } from '../../api/download';
import { formatDateTime, formatMoney } from '../../api/format';
import {
  LEAD_STATUS_LABELS,
  LEAD_STATUS_TONES,
  leadName,
  leadPhone,
  type LeadStatus,
  leadValues,
  REPORT_STATUS_LABELS,
  REPORT_STATUS_TONES,
} from '../../api/leads';
import { Page } from '../../components/page';
import { FormAlert } from '../../components/form';
import { MissedLeadsSection } from './missed-leads-section';
import { useLeadColumns } from './use-lead-columns';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PagedList, QueryView } from '../../components/query-view';
import { useListParams } from '../../api/url-state';
import type { SdkResult } from '../../api/api-result';
import { PhoneLink } from '../../components/phone-link';

const PAGE_SIZE = 20;
const STATUSES = Object.keys(LEAD_STATUS_LABELS) as LeadStatus[];
const isStatus = (value: string | null): value is LeadStatus => STATUSES.includes(value as LeadStatus);

type LeadsQuery = NonNullable<ListLeadsData['query']>;

interface Filters {
  /** yyyy-mm-dd, as the date inputs give them. */
  from: string;
  to: string;
  status: LeadStatus | '';
  postcode: string;
  search: string;
}

/** The API filters `from <= delivered_at < to`; the dates are whole local days, so `to` is the next midnight. */
function toQuery(f: Filters): Omit<LeadsQuery, 'page' | 'pageSize'> {
  const startOf = (day: string, plusDays = 0) => {
    const d = new Date(`${day}T00:00:00`);
    d.setDate(d.getDate() + plusDays);
    return d.toISOString();
  };
  return {
    ...(f.from ? { from: startOf(f.from) } : {}),
    ...(f.to ? { to: startOf(f.to, 1) } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.postcode ? { postcode: f.postcode } : {}),
    ...(f.search ? { search: f.search } : {}),
  };
}

const FILTER_KEYS = ['from', 'to', 'status', 'postcode', 'search'] as const;

function DeliveredLeads({ columns }: { columns: LeadColumnDto[] }) {
  const call = useApiCall();
  const list = useListParams(FILTER_KEYS);
  const statusParam = list.filters.status;
  const filters: Filters = { ...list.filters, status: isStatus(statusParam) ? statusParam : '' };
  const query = toQuery(filters);
  const leads = useQuery({
    ...listLeadsOptions({ query: { ...query, page: list.page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  const [dateError, setDateError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const data = leads.data;
  const update = list.setFilters;

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    const from = text('from');
    const to = text('to');
    if (from && to && from > to) return setDateError('The "From" date must be on or before the "To" date.');
    setDateError(null);
    update({ from, to, status: text('status'), postcode: text('postcode').toUpperCase(), search: text('search') });
  }

  /** Every lead of the current filter, as the API's CSV (built and streamed there: no cap). */
  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    const outcome = await call(exportLeads({ query, parseAs: 'text' }) as Promise<SdkResult<string>>);
    setExporting(false);
    if (outcome.ok) saveTextFile(`leadflow-leads-${new Date().toISOString().slice(0, 10)}.csv`, outcome.data);
    else if (outcome.failure.kind === 'api') setExportError(outcome.failure.message);
  }

  return (
    <section className="section" aria-labelledby="delivered-title">
      <div className="page-head-row">
        <h2 id="delivered-title">Your leads</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => void exportCsv()}
          disabled={exporting || !data || data.meta.total === 0}
          aria-describedby="export-hint"
        >
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <p id="export-hint" className="field-hint">
        The export has every lead matching the filters below.
      </p>
      {exportError ? <FormAlert>{exportError}</FormAlert> : null}
      <form className="filters" role="search" aria-label="Filter your leads" onSubmit={onFilter} key={JSON.stringify(list.filters)}>
        <div className="field">
          <label htmlFor="leads-from">From</label>
          <input
            id="leads-from"
            name="from"
            type="date"
            defaultValue={filters.from}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? 'leads-date-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="leads-to">To</label>
          <input id="leads-to" name="to" type="date" defaultValue={filters.to} />
        </div>
        <div className="field">
          <label htmlFor="leads-status">Status</label>
          <select id="leads-status" name="status" defaultValue={filters.status}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {LEAD_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="leads-postcode">Postcode starts with</label>
          <input
            id="leads-postcode"
            name="postcode"
            defaultValue={filters.postcode}
            maxLength={8}
            autoCapitalize="characters"
            placeholder="e.g. M1"
          />
        </div>
        <div className="field">
          <label htmlFor="leads-search">Search</label>
          <input
            id="leads-search"
            name="search"
            type="search"
            defaultValue={filters.search}
            maxLength={100}
            placeholder="Name, email, phone…"
          />
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
                setDateError(null);
                update({ from: '', to: '', status: '', postcode: '', search: '' });
              }}
            >
              Clear
            </button>
          ) : null}
        </div>
        {dateError ? (
          <p id="leads-date-error" className="field-error filters-error" role="alert">
            {dateError}
          </p>
        ) : null}
      </form>
      <PagedList
        query={leads}
        loading="Loading your leads…"
        failed="We couldn't load your leads."
        empty={list.filtered ? 'No leads match these filters.' : 'No leads yet. New leads show here as soon as they are delivered to you.'}
        noun={['lead', 'leads']}
        onPage={list.setPage}
      >
        {(items) => (
          <table className="table">
            <caption className="visually-hidden">Your leads, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Delivered</th>
                <th scope="col">Name</th>
                <th scope="col">Phone</th>
                <th scope="col">Postcode</th>
                <th scope="col" className="numeric">
                  Price
                </th>
                <th scope="col">Status</th>
                <th scope="col">Report</th>
              </tr>
            </thead>
            <tbody>
              {items.map((lead) => {
                const values = leadValues(lead);
                const name = leadName(values, columns);
                return (
                  <tr key={lead.deliveryId}>
                    <td data-label="Delivered">{formatDateTime(lead.deliveredAt)}</td>
                    <td data-label="Name">
                      <Link to={`/leads/${lead.id}`}>{lead.erasedAt ? 'Erased lead' : name || 'View lead'}</Link>
                      {lead.erasedAt ? <span className="tag">Erased</span> : null}
                    </td>
                    <td data-label="Phone">
                      {leadPhone(values, columns) ? <PhoneLink value={leadPhone(values, columns)} /> : <span className="muted">—</span>}
                    </td>
                    <td data-label="Postcode">{lead.postcode ?? <span className="muted">—</span>}</td>
                    <td data-label="Price" className="numeric">
                      {formatMoney(lead.price, lead.currency)}
                    </td>
                    <td data-label="Status">
                      <span className={`tag ${LEAD_STATUS_TONES[lead.status] ?? ''}`}>
                        {LEAD_STATUS_LABELS[lead.status] ?? lead.status}
                      </span>
                    </td>
                    <td data-label="Report">
                      {lead.reportStatus ? (
                        <span className={`tag ${REPORT_STATUS_TONES[lead.reportStatus]}`}>{REPORT_STATUS_LABELS[lead.reportStatus]}</span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}

/** `/leads`: what was delivered to the client (filter, export, open one), and what it missed and why. */
export function LeadsPage() {
  const [params] = useSearchParams();
  const tab = params.get('tab') === 'missed' ? 'missed' : 'delivered';
  const columns = useLeadColumns();

  return (
    <Page title="Leads" wide>
      <div className="page-head">
        <h1>Leads</h1>
      </div>
      <nav className="tabs" aria-label="Lead lists">
        <Link to="/leads" aria-current={tab === 'delivered' ? 'page' : undefined}>
          Delivered
        </Link>
        <Link to="/leads?tab=missed" aria-current={tab === 'missed' ? 'page' : undefined}>
          Missed leads
        </Link>
      </nav>
      {tab === 'missed' ? (
        <MissedLeadsSection />
      ) : (
        <QueryView query={columns} loading="Loading your leads…" failed="We couldn't load your industry's lead columns.">
          {(cols) => <DeliveredLeads columns={cols} />}
        </QueryView>
      )}
    </Page>
  );
}
