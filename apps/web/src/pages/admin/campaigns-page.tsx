import { adminListIndustriesOptions, type CampaignDto, listCampaignsOptions } from '@leadflow/api-client';
import { useState } from 'react';
import { formatMoney } from '../../api/format';
import { STRATEGY_LABELS } from '../../api/leads';
import { Page } from '../../components/page';
import { EmptyState, Notice } from '../../components/states';
import { CampaignForm } from './campaign-form';
import { SubscriptionsTable } from './subscriptions-table';
import { useClientDirectory } from './use-client-directory';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { allOf, QueryView } from '../../components/query-view';
import { CopyButton } from '../../components/copy-button';
import { supplierCurl } from './supplier-sample';

type Editing = { mode: 'new' } | { mode: 'edit'; campaign: CampaignDto } | null;

/** `/admin/campaigns`: each industry's campaigns, how they share leads, and their buyers. */
export function CampaignsPage() {
  const queryClient = useQueryClient();
  const campaigns = useQuery(listCampaignsOptions());
  const industries = useQuery(adminListIndustriesOptions({ query: { includeArchived: true } }));
  const clients = useClientDirectory();
  const all = allOf(campaigns, industries, clients);
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<string | null>(null);

  function put(campaign: CampaignDto) {
    queryClient.setQueryData(listCampaignsOptions().queryKey, (list) =>
      list?.some((c) => c.id === campaign.id) ? list.map((c) => (c.id === campaign.id ? campaign : c)) : [...(list ?? []), campaign],
    );
  }

  return (
    <Page title="Campaigns" wide>
      <div className="page-head page-head-row">
        <h1>Campaigns</h1>
        {editing === null && all.data ? (
          <button type="button" className="button button-primary" onClick={() => setEditing({ mode: 'new' })}>
            New campaign
          </button>
        ) : null}
      </div>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <QueryView query={all} loading="Loading campaigns…" failed="We couldn't load the campaigns.">
        {([campaignList, industryList, clientList]) => (
          <>
            {editing ? (
              <CampaignForm
                key={editing.mode === 'edit' ? editing.campaign.id : 'new'}
                campaign={editing.mode === 'edit' ? editing.campaign : null}
                industries={industryList}
                onCancel={() => setEditing(null)}
                onSaved={(c) => {
                  put(c);
                  setMessage(editing.mode === 'edit' ? `${c.name} is saved.` : `${c.name} is created. Add its buyers below.`);
                  setEditing(null);
                }}
              />
            ) : null}
            {campaignList.length === 0 ? (
              <EmptyState>No campaigns yet. Create one to start sharing an industry's leads between buyers.</EmptyState>
            ) : (
              <ul className="campaign-list">
                {campaignList.map((c) => {
                  const industry = industryList.find((i) => i.id === c.industryId);
                  const headingId = `campaign-${c.id}`;
                  return (
                    <li key={c.id}>
                      <section className="card" aria-labelledby={headingId}>
                        <div className="card-head">
                          <h2 id={headingId}>{c.name}</h2>
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEditing({ mode: 'edit', campaign: c })}
                            aria-label={`Edit ${c.name}`}
                          >
                            Edit
                          </button>
                        </div>
                        <p className="campaign-meta">
                          <span>{industry?.name ?? 'Unknown industry'}</span>
                          <span>{STRATEGY_LABELS[c.strategy] ?? c.strategy}</span>
                          <span>
                            {c.priceOverride != null
                              ? `${formatMoney(c.priceOverride, industry?.currency)} a lead`
                              : industry
                                ? `${formatMoney(industry.leadCost, industry.currency)} a lead (industry price)`
                                : 'Industry price'}
                          </span>
                          {c.active ? <span className="tag tag-success">Active</span> : <span className="tag tag-warning">Inactive</span>}
                        </p>
                        <details className="supplier-sample">
                          <summary>For suppliers: campaign id and a sample request</summary>
                          <p className="copy-line">
                            <span>Campaign id</span> <code>{c.id}</code> <CopyButton text={c.id} what="campaign id" />
                          </p>
                          <pre className="code-block" aria-label={`Sample request for ${c.name}`}>
                            {supplierCurl(window.location.origin, c.id, industry)}
                          </pre>
                          <CopyButton
                            text={supplierCurl(window.location.origin, c.id, industry)}
                            label="Copy request"
                            what="sample request"
                          />
                        </details>
                        <h3 className="subhead">Buyers</h3>
                        <SubscriptionsTable campaign={c} industry={industry} clients={clientList} onChanged={put} />
                      </section>
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </QueryView>
    </Page>
  );
}
