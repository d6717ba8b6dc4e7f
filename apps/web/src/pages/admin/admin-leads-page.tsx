import { type AdminLeadDto, listAllLeadsOptions } from '@leadflow/api-client';
import type { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { formatDateTime, formatMoney } from '../../api/format';
import { ADMIN_LEAD_STATUS_LABELS, eligibilityReasonText, SOURCE_LABELS } from '../../api/leads';
import { useListParams } from '../../api/url-state';
import { Page } from '../../components/page';
import { PagedList } from '../../components/query-view';
import { AdminLeadDetail } from './admin-lead-detail';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

const PAGE_SIZE = 25;
type Status = AdminLeadDto['status'];
type Source = AdminLeadDto['source'];
const STATUS_TONES: Record<Status, string> = { delivered: 'tag-success', unsold: 'tag-warning', rejected: 'tag-danger' };
const STATUSES = Object.keys(ADMIN_LEAD_STATUS_LABELS) as Status[];
const SOURCES = Object.keys(SOURCE_LABELS) as Source[];

/** `/admin/leads` (and `/admin/leads/:id` with the lead open): every lead, where it went and why. */
export function AdminLeadsPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const list = useListParams(['status', 'source', 'search']);
  const status = STATUSES.find((s) => s === list.filters.status);
  const source = SOURCES.find((s) => s === list.filters.source);
  const search = list.filters.search;
  const leads = useQuery({
    ...listAllLeadsOptions({
      query: {
        page: list.page,
        pageSize: PAGE_SIZE,
        ...(status ? { status } : {}),
        ...(source ? { source } : {}),
        ...(search ? { search } : {}),
      },
    }),
    placeholderData: keepPreviousData,
  });
  const query = params.toString() ? `?${params.toString()}` : '';
  const update = list.setFilters;

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    update({ status: text('status'), source: text('source'), search: text('search') });
  }

  return (
    <Page title="All leads" wide>
      <div className="page-head">
        <h1>All leads</h1>
      </div>
      {id ? <AdminLeadDetail key={id} id={id} /> : null}
      <form className="filters" role="search" aria-label="Filter leads" onSubmit={onFilter} key={params.toString()}>
        <div className="field">
          <label htmlFor="all-leads-status">Outcome</label>
          <select id="all-leads-status" name="status" defaultValue={status ?? ''}>
            <option value="">Any outcome</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {ADMIN_LEAD_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="all-leads-source">Source</label>
          <select id="all-leads-source" name="source" defaultValue={source ?? ''}>
            <option value="">Any source</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="all-leads-search">Search</label>
          <input
            id="all-leads-search"
            name="search"
            type="search"
            defaultValue={search}
            maxLength={100}
            placeholder="Postcode, name, email…"
          />
        </div>
        <div className="filters-actions">
          <button type="submit" className="button">
            Apply
          </button>
          {list.filtered ? (
            <button type="button" className="button button-quiet" onClick={() => update({ status: '', source: '', search: '' })}>
              Clear
            </button>
          ) : null}
        </div>
      </form>
      <PagedList
        query={leads}
        loading="Loading leads…"
        failed="We couldn't load the leads."
        empty={list.filtered ? 'No leads match these filters.' : 'No leads yet.'}
        noun={['lead', 'leads']}
        onPage={list.setPage}
      >
        {(items) => (
          <table className="table">
            <caption className="visually-hidden">All leads, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Postcode</th>
                <th scope="col">Industry</th>
                <th scope="col">Source</th>
                <th scope="col">Outcome</th>
                <th scope="col">Went to</th>
              </tr>
            </thead>
            <tbody>
              {items.map((lead) => (
                <tr key={lead.id} aria-current={lead.id === id ? 'true' : undefined}>
                  <td data-label="Received">
                    <Link to={`/admin/leads/${lead.id}${query}`}>{formatDateTime(lead.receivedAt)}</Link>
                  </td>
                  <td data-label="Postcode">
                    {lead.postcode ?? <span className="muted">—</span>}
                    {lead.erasedAt ? <span className="tag">Erased</span> : null}
                  </td>
                  <td data-label="Industry">{lead.industryName}</td>
                  <td data-label="Source">{SOURCE_LABELS[lead.source] ?? lead.source}</td>
                  <td data-label="Outcome">
                    <span className={`tag ${STATUS_TONES[lead.status] ?? ''}`}>{ADMIN_LEAD_STATUS_LABELS[lead.status] ?? lead.status}</span>
                    {lead.reason ? <div className="muted">{eligibilityReasonText(lead.reason)}</div> : null}
                  </td>
                  <td data-label="Went to">
                    {lead.deliveries.length === 0 ? (
                      <span className="muted">Nobody</span>
                    ) : (
                      lead.deliveries.map((d) => `${d.businessName ?? 'Unnamed client'} (${formatMoney(d.price)})`).join(', ')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </Page>
  );
}
