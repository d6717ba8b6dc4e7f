import { listAllLeads, type AdminLeadDto, type AdminLeadPageDto, type MeDto } from '@leadflow/api-client';
import type { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { formatDateTime, formatMoney } from '../../api/format';
import { ADMIN_LEAD_STATUS_LABELS, eligibilityReasonText, SOURCE_LABELS } from '../../api/leads';
import { useLoad } from '../../api/use-load';
import { AppShell } from '../../components/app-shell';
import { Pagination } from '../../components/pagination';
import { EmptyState, InlineLoading, LoadFailed } from '../../components/states';
import { AdminLeadDetail } from './admin-lead-detail';

const PAGE_SIZE = 25;
type Status = AdminLeadDto['status'];
type Source = AdminLeadDto['source'];
const STATUS_TONES: Record<Status, string> = { delivered: 'tag-success', unsold: 'tag-warning', rejected: 'tag-danger' };
const STATUSES = Object.keys(ADMIN_LEAD_STATUS_LABELS) as Status[];
const SOURCES = Object.keys(SOURCE_LABELS) as Source[];

/** `/admin/leads` (and `/admin/leads/:id` with the lead open): every lead, where it went and why. */
export function AdminLeadsPage({ me }: { me: MeDto }) {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status'));
  const source = SOURCES.find((s) => s === params.get('source'));
  const search = params.get('search') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const leads = useLoad<AdminLeadPageDto>(
    () =>
      listAllLeads({
        query: { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}), ...(source ? { source } : {}), ...(search ? { search } : {}) },
      }),
    `${status}|${source}|${search}|${page}`,
  );
  const data = leads.data;
  const filtered = Boolean(status || source || search);
  const query = params.toString() ? `?${params.toString()}` : '';

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  }

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
    <AppShell me={me} title="All leads" wide>
      <div className="page-head">
        <h1>All leads</h1>
      </div>
      {id ? <AdminLeadDetail key={id} id={id} onChanged={leads.reload} /> : null}
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
          {filtered ? (
            <button type="button" className="button button-quiet" onClick={() => update({ status: '', source: '', search: '' })}>
              Clear
            </button>
          ) : null}
        </div>
      </form>
      {leads.error && !data ? (
        <LoadFailed title="We couldn't load the leads." message={leads.error.message} onRetry={leads.reload} />
      ) : !data ? (
        <InlineLoading label="Loading leads…" />
      ) : data.items.length === 0 ? (
        <EmptyState>{filtered ? 'No leads match these filters.' : 'No leads yet.'}</EmptyState>
      ) : (
        <>
          <div className="table-wrap" aria-busy={leads.loading}>
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
                {data.items.map((lead) => (
                  <tr key={lead.id} aria-current={lead.id === id ? 'true' : undefined}>
                    <td data-label="Received">
                      <Link to={`/admin/leads/${lead.id}${query}`}>{formatDateTime(lead.receivedAt)}</Link>
                    </td>
                    <td data-label="Postcode">{lead.postcode ?? <span className="muted">—</span>}</td>
                    <td data-label="Industry">{lead.industryName}</td>
                    <td data-label="Source">{SOURCE_LABELS[lead.source] ?? lead.source}</td>
                    <td data-label="Outcome">
                      <span className={`tag ${STATUS_TONES[lead.status] ?? ''}`}>
                        {ADMIN_LEAD_STATUS_LABELS[lead.status] ?? lead.status}
                      </span>
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
          </div>
          <Pagination
            meta={data.meta}
            busy={leads.loading}
            noun={['lead', 'leads']}
            label="Lead pages"
            onPage={(p) => update({ page: String(p) })}
          />
        </>
      )}
    </AppShell>
  );
}
