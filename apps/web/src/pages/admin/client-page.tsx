import { type AdminClientDto, getClientOptions } from '@leadflow/api-client';
import { Link, useParams } from 'react-router-dom';
import { BILLING_MODE_LABELS, cardExpiry, cardLabel, CLIENT_STATUS_LABELS, formatDays, formatMoney, STEP_LABELS } from '../../api/format';
import { Page } from '../../components/page';
import { Notice } from '../../components/states';
import { ActivityLog } from '../activity/activity-log';
import { NotificationLog } from '../notifications/notification-log';
import { IntegrationsPanel } from '../onboarding/integrations-panel';
import { ClientBilling } from './client-billing';
import { ClientReturns } from './client-returns';
import { ClientSubscription } from './client-subscription';
import { ClientTeam } from './client-team';
import { useQuery } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

function Details({ client }: { client: AdminClientDto }) {
  const b = client.businessDetails;
  const prefs = client.leadPreferences;
  return (
    <section className="card" aria-labelledby="client-details-title">
      <h2 id="client-details-title">Details</h2>
      <dl className="summary">
        <div>
          <dt>Status</dt>
          <dd>{CLIENT_STATUS_LABELS[client.status]}</dd>
        </div>
        <div>
          <dt>Sign-up</dt>
          <dd>{client.step === 'complete' ? 'Complete' : `At ${STEP_LABELS[client.step].toLowerCase()}`}</dd>
        </div>
        <div>
          <dt>Billing mode</dt>
          <dd>
            <span className={client.billingMode === 'billable' ? 'tag' : 'tag tag-warning'}>{BILLING_MODE_LABELS[client.billingMode]}</span>
          </dd>
        </div>
        {b ? (
          <>
            <div>
              <dt>Industry</dt>
              <dd>{b.industryName}</dd>
            </div>
            <div>
              <dt>Address</dt>
              <dd>{[b.addressLine1, b.addressLine2, b.town, b.postcode].filter(Boolean).join(', ')}</dd>
            </div>
            <div>
              <dt>Phone</dt>
              <dd>{b.phone}</dd>
            </div>
            {b.website ? (
              <div>
                <dt>Website</dt>
                <dd>
                  <a href={b.website} target="_blank" rel="noreferrer">
                    {b.website}
                  </a>
                </dd>
              </div>
            ) : null}
          </>
        ) : null}
        {prefs ? (
          <div>
            <dt>Leads</dt>
            <dd>
              {prefs.postcodeAreas.join(', ')} · {prefs.dailyCap} a day
              {prefs.weeklySpendLimit !== null ? ` · at most ${formatMoney(prefs.weeklySpendLimit)} a week` : ''}
              {prefs.monthlySpendLimit !== null ? ` · at most ${formatMoney(prefs.monthlySpendLimit)} a month` : ''} ·{' '}
              {formatDays(prefs.deliveryDays)}
              {prefs.paused ? <span className="tag tag-warning">Paused</span> : null}
            </dd>
          </div>
        ) : null}
        {client.billingMode === 'billable' ? (
          <div>
            <dt>Default card</dt>
            <dd>{client.card ? `${cardLabel(client.card)} · expires ${cardExpiry(client.card)}` : 'None'}</dd>
          </div>
        ) : null}
        <div>
          <dt>References</dt>
          <dd className="references">
            {client.stripeCustomerId ? <div>Stripe {client.stripeCustomerId}</div> : null}
            {client.leadbyteBuyerId !== null ? <div>LeadByte buyer {client.leadbyteBuyerId}</div> : null}
            {client.xeroContactId ? <div>Xero {client.xeroContactId}</div> : null}
            {!client.stripeCustomerId && client.leadbyteBuyerId === null && !client.xeroContactId ? '—' : null}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * `/admin/clients/:id`: one client's details, their team (the owners' emails are there), for billable clients their money, what was
 * sent to them (emails, texts, webhooks) and their activity log.
 */
export function ClientPage() {
  const { id = '' } = useParams();
  const client = useQuery(getClientOptions({ path: { id } }));
  const data = client.data;
  const name = data?.businessDetails?.businessName ?? data?.ownerEmail ?? 'Client';

  return (
    <Page title={data ? name : 'Client'} wide>
      <p>
        <Link to="/admin/clients">← All clients</Link>
      </p>
      <QueryView
        query={client}
        loading="Loading the client…"
        failed={{ missing: 'No such client.', other: "We couldn't load the client." }}
      >
        {(data) => (
          <>
            <div className="page-head">
              {data.businessDetails ? <p className="eyebrow">{data.businessDetails.industryName}</p> : null}
              <h1>{name}</h1>
            </div>
            <div className="dashboard-grid">
              <Details client={data} />
              <IntegrationsPanel integrations={data.integrations} title="Registrations" />
            </div>
            <ClientSubscription clientId={data.id} />
            <ClientTeam clientId={data.id} name={name} />
            {data.billingMode === 'billable' ? (
              <ClientBilling clientId={data.id} name={name} />
            ) : (
              <Notice tone="info">This client is non-billable: no credit, cards or invoices.</Notice>
            )}
            <ClientReturns clientId={data.id} name={name} />
            <section className="section" aria-labelledby="client-notifications-title">
              <h2 id="client-notifications-title">Notifications</h2>
              <NotificationLog
                clientId={data.id}
                prefix="notifications"
                caption={`Emails, texts and webhooks sent for ${name}, newest first`}
                empty="Nothing sent for this client yet."
              />
            </section>
            <section className="section" aria-labelledby="client-activity-title">
              <h2 id="client-activity-title">Activity log</h2>
              <ActivityLog
                clientId={data.id}
                caption={`Changes to ${name}'s account, newest first`}
                empty="No changes recorded for this client yet."
              />
            </section>
          </>
        )}
      </QueryView>
    </Page>
  );
}
