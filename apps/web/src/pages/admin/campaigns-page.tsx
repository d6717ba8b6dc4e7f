import { adminListIndustries, listCampaigns, type CampaignDto, type MeDto } from '@leadflow/api-client';
import { useState } from 'react';
import { formatMoney } from '../../api/format';
import { STRATEGY_LABELS } from '../../api/leads';
import { useLoad } from '../../api/use-load';
import { AppShell } from '../../components/app-shell';
import { EmptyState, InlineLoading, LoadFailed, Notice } from '../../components/states';
import { CampaignForm } from './campaign-form';
import { SubscriptionsTable } from './subscriptions-table';
import { useClientDirectory } from './use-client-directory';

type Editing = { mode: 'new' } | { mode: 'edit'; campaign: CampaignDto } | null;

/** `/admin/campaigns`: each industry's campaigns, how they share leads, and their buyers. */
export function CampaignsPage({ me }: { me: MeDto }) {
  const campaigns = useLoad(() => listCampaigns());
  const industries = useLoad(() => adminListIndustries({ query: { includeArchived: true } }));
  const clients = useClientDirectory();
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<string | null>(null);

  function put(campaign: CampaignDto) {
    campaigns.setData((list) =>
      list.some((c) => c.id === campaign.id) ? list.map((c) => (c.id === campaign.id ? campaign : c)) : [...list, campaign],
    );
  }

  const error = campaigns.error ?? industries.error ?? clients.error;
  const ready = campaigns.data && industries.data && clients.data;
  return (
    <AppShell me={me} title="Campaigns" wide>
      <div className="page-head page-head-row">
        <h1>Campaigns</h1>
        {editing === null && ready ? (
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
      {error && !ready ? (
        <LoadFailed
          title="We couldn't load the campaigns."
          message={error.message}
          onRetry={() => {
            campaigns.reload();
            industries.reload();
            clients.reload();
          }}
        />
      ) : !campaigns.data || !industries.data || !clients.data ? (
        <InlineLoading label="Loading campaigns…" />
      ) : (
        <>
          {editing ? (
            <CampaignForm
              key={editing.mode === 'edit' ? editing.campaign.id : 'new'}
              campaign={editing.mode === 'edit' ? editing.campaign : null}
              industries={industries.data}
              onCancel={() => setEditing(null)}
              onSaved={(c) => {
                put(c);
                setMessage(editing.mode === 'edit' ? `${c.name} is saved.` : `${c.name} is created. Add its buyers below.`);
                setEditing(null);
              }}
            />
          ) : null}
          {campaigns.data.length === 0 ? (
            <EmptyState>No campaigns yet. Create one to start sharing an industry's leads between buyers.</EmptyState>
          ) : (
            <ul className="campaign-list">
              {campaigns.data.map((c) => {
                const industry = industries.data?.find((i) => i.id === c.industryId);
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
                      <h3 className="subhead">Buyers</h3>
                      <SubscriptionsTable campaign={c} industry={industry} clients={clients.data ?? []} onChanged={put} />
                    </section>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </AppShell>
  );
}
