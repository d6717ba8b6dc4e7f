import {
  type AttentionDto,
  type DashboardDto,
  getAccountOptions,
  getDashboardOptions,
  getSubscriptionOptions,
  type LeadPreferencesViewDto,
  type OnboardingStateDto,
  type RecentLeadDto,
} from '@leadflow/api-client';
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { cardExpiry, cardLabel, CLIENT_STATUS_LABELS, formatDateTime, formatDays, formatMoney } from '../../api/format';
import { LEAD_STATUS_LABELS, LEAD_STATUS_TONES, type LeadStatus } from '../../api/leads';
import { Page } from '../../components/page';
import { DaySeriesCard, moneyTick, type DaySeries } from '../../components/charts/day-series-card';
import { CopyButton } from '../../components/copy-button';
import { Notice } from '../../components/states';
import { IntegrationsPanel, integrationsPollInterval } from '../onboarding/integrations-panel';
import './dashboard.css';
import { RunwayCard } from './runway-card';
import { SubscriptionSummary } from '../plans/subscription-summary';
import { useQuery } from '@tanstack/react-query';
import { allOf, QueryView } from '../../components/query-view';
import { failureStatus } from '../../api/query';

/** What the dashboard may be told by the page that sent the client here. */
export interface DashboardNotice {
  cardSaved?: boolean;
  preferencesSaved?: boolean;
  /** The name of the plan just bought. */
  planStarted?: string;
}

const count = (n: number) => n.toLocaleString('en-GB');

function PreferencesSummary({ prefs }: { prefs: LeadPreferencesViewDto }) {
  return (
    <dl className="summary">
      <div>
        <dt>Postcode areas</dt>
        <dd>
          <ul className="chips chips-static" aria-label="Postcode areas">
            {prefs.postcodeAreas.map((area) => (
              <li key={area} className="chip">
                {area}
              </li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>Daily cap</dt>
        <dd>{prefs.dailyCap} leads</dd>
      </div>
      <div>
        <dt>Weekly cap</dt>
        <dd>{prefs.weeklyCap === null ? 'No weekly cap' : `${prefs.weeklyCap} leads`}</dd>
      </div>
      <div>
        <dt>Spending limits</dt>
        <dd>{spendLimitsText(prefs)}</dd>
      </div>
      <div>
        <dt>Delivery</dt>
        <dd>
          {formatDays(prefs.deliveryDays)},{' '}
          {prefs.deliveryStart === '00:00' && prefs.deliveryEnd === '24:00' ? 'any time' : `${prefs.deliveryStart}–${prefs.deliveryEnd}`}
          <span className="muted"> ({prefs.timeZone})</span>
        </dd>
      </div>
      <div>
        <dt>Deliveries</dt>
        <dd>{prefs.paused ? <strong className="tag tag-warning">Paused</strong> : <span className="tag tag-success">On</span>}</dd>
      </div>
    </dl>
  );
}

/** Where each "needs attention" link goes, as the words of the link. */
const ATTENTION_LINKS: Record<string, string> = {
  '/billing': 'Go to Billing',
  '/integrations': 'Go to Integrations',
  '/account/preferences': 'Go to lead preferences',
};

function AttentionItem({ item }: { item: AttentionDto }) {
  // The dashboard itself shows the registrations ("Connected services"), so `/` points there.
  const here = item.link === '/';
  const label = here ? 'See connected services' : (ATTENTION_LINKS[item.link] ?? 'Open');
  return (
    <li className={`attention attention-${item.severity}`}>
      <span className={`tag ${item.severity === 'danger' ? 'tag-danger' : 'tag-warning'}`}>
        {item.severity === 'danger' ? 'Urgent' : 'Warning'}
      </span>
      <span className="attention-message">{item.message}</span>
      {here ? <a href="#integrations-title">{label}</a> : <Link to={item.link}>{label}</Link>}
    </li>
  );
}

function NeedsAttention({ items }: { items: AttentionDto[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="attention-title">
      <h2 id="attention-title">Needs attention</h2>
      <ul className="attention-list">
        {items.map((item) => (
          <AttentionItem key={`${item.kind}:${item.message}`} item={item} />
        ))}
      </ul>
    </section>
  );
}

function BalanceCard({ dashboard }: { dashboard: DashboardDto }) {
  const money = (n: number) => formatMoney(n, dashboard.currency);
  const balance = dashboard.balance ?? 0;
  const auto = dashboard.autoCharge;
  return (
    <section className="card" aria-labelledby="dashboard-balance-title">
      <h2 id="dashboard-balance-title">Your credit</h2>
      <p id="dashboard-balance" className={balance < 0 ? 'stat-value balance-negative' : 'stat-value'}>
        {money(balance)}
      </p>
      <dl className="summary">
        <div>
          <dt>Credit limit</dt>
          <dd>{dashboard.creditLimit ? money(dashboard.creditLimit) : 'None'}</dd>
        </div>
        <div>
          <dt>Auto-charge</dt>
          <dd id="dashboard-auto-charge">
            {auto?.enabled ? (
              <>
                <span className="tag tag-success">On</span> tops up {money(auto.amount)} when the balance falls below{' '}
                {money(auto.threshold)}
              </>
            ) : (
              <>
                <span className="tag">Off</span>
                {auto?.disabledReason ? <span className="muted"> {auto.disabledReason}</span> : null}
              </>
            )}
          </dd>
        </div>
      </dl>
      <p className="card-foot">
        <Link to="/billing">Top up or change auto-charge</Link>
      </p>
    </section>
  );
}

function CapBar({
  id,
  label,
  value,
  cap,
  capName,
  format = count,
}: {
  id: string;
  label: string;
  value: number;
  cap: number | null;
  capName: string;
  /** How an amount reads: a count of leads, or money. */
  format?: (n: number) => string;
}) {
  const full = cap !== null && value >= cap;
  const share = cap ? Math.min(1, value / cap) : 0;
  return (
    <li className={full ? 'cap cap-full' : 'cap'}>
      <div className="cap-line">
        <span id={`${id}-label`}>{label}</span>
        <span id={id} className="cap-count">
          {cap === null ? format(value) : `${format(value)} of ${format(cap)}`}
        </span>
      </div>
      {cap === null ? (
        <p className="muted cap-note">No {capName}</p>
      ) : (
        <>
          <div
            className="cap-bar"
            role="progressbar"
            aria-labelledby={`${id}-label`}
            aria-valuemin={0}
            aria-valuemax={cap}
            aria-valuenow={Math.min(value, cap)}
            aria-valuetext={`${format(value)} of your ${capName} of ${format(cap)}`}
          >
            <div className="cap-bar-fill" style={{ width: `${share * 100}%` }} />
          </div>
          <p className="muted cap-note">
            {full ? `You have reached your ${capName}` : `${format(cap - value)} more before the ${capName}`}
          </p>
        </>
      )}
    </li>
  );
}

function spendLimitsText(prefs: { weeklySpendLimit: number | null; monthlySpendLimit: number | null }): string {
  const parts = [
    prefs.weeklySpendLimit !== null ? `${formatMoney(prefs.weeklySpendLimit)} a week` : null,
    prefs.monthlySpendLimit !== null ? `${formatMoney(prefs.monthlySpendLimit)} a month` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'None';
}

/** The account's plan: its name, seats used of the limit and how long it runs; a plan chosen but not bought yet. */
function PlanCard() {
  const subscription = useQuery(getSubscriptionOptions());
  return (
    <section className="card" aria-labelledby="dashboard-plan-title">
      <h2 id="dashboard-plan-title">Your plan</h2>
      <QueryView query={subscription} loading="Loading your plan…" failed="We couldn't load your plan.">
        {(sub) => (
          <>
            <SubscriptionSummary subscription={sub} compact />
            {sub.pendingPlan && (sub.currentPeriodEnd === null || sub.status === 'canceled') ? (
              <p className="card-foot">
                <Link to="/plan/checkout">Finish buying the {sub.pendingPlan.name} plan</Link>
              </p>
            ) : (
              <p className="card-foot">
                <Link to="/plan">
                  {sub.status === 'past_due' || sub.status === 'suspended'
                    ? 'See what needs paying'
                    : sub.currentPeriodEnd === null || sub.status === 'canceled'
                      ? 'Choose a paid plan'
                      : 'Change plan or seats'}
                </Link>
              </p>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

function CapsCard({ dashboard }: { dashboard: DashboardDto }) {
  return (
    <section className="card" aria-labelledby="caps-title">
      <h2 id="caps-title">Leads against your caps</h2>
      <ul className="cap-list">
        <CapBar
          id="leads-today"
          label="Today"
          value={dashboard.leadsToday}
          cap={dashboard.dailyCap > 0 ? dashboard.dailyCap : null}
          capName="daily cap"
        />
        <CapBar id="leads-week" label="This week" value={dashboard.leadsThisWeek} cap={dashboard.weeklyCap} capName="weekly cap" />
        {dashboard.billingMode === 'billable' ? (
          <>
            <CapBar
              id="spend-week"
              label="Spent this week"
              value={dashboard.spentThisWeek}
              cap={dashboard.weeklySpendLimit}
              capName="weekly spending limit"
              format={(n) => formatMoney(n, dashboard.currency)}
            />
            <CapBar
              id="spend-month"
              label="Spent this month"
              value={dashboard.spentThisMonth}
              cap={dashboard.monthlySpendLimit}
              capName="monthly spending limit"
              format={(n) => formatMoney(n, dashboard.currency)}
            />
          </>
        ) : null}
      </ul>
      <p className="card-foot">
        <Link to="/account/preferences">Change caps, spending limits or areas</Link>
      </p>
    </section>
  );
}

function statusOf(lead: RecentLeadDto): { label: string; tone: string } {
  const status = lead.status as LeadStatus;
  return { label: LEAD_STATUS_LABELS[status] ?? lead.status, tone: LEAD_STATUS_TONES[status] ?? '' };
}

function RecentLeads({ leads, currency, billable }: { leads: RecentLeadDto[]; currency: string; billable: boolean }) {
  return (
    <section className="card recent-leads" aria-labelledby="recent-title">
      <div className="card-head">
        <h2 id="recent-title">Recent leads</h2>
        <Link to="/leads">All leads</Link>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Recent leads, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Delivered</th>
              <th scope="col">Postcode</th>
              {billable ? (
                <th scope="col" className="numeric">
                  Price
                </th>
              ) : null}
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {leads.map((lead) => {
              const status = statusOf(lead);
              return (
                <tr key={`${lead.id}:${lead.deliveredAt}`}>
                  <td data-label="Delivered">
                    <Link to={`/leads/${lead.id}`}>{formatDateTime(lead.deliveredAt)}</Link>
                  </td>
                  <td data-label="Postcode">{lead.postcode ?? <span className="muted">—</span>}</td>
                  {billable ? (
                    <td data-label="Price" className="numeric">
                      {formatMoney(lead.price, currency)}
                    </td>
                  ) : null}
                  <td data-label="Status">
                    <span className={`tag ${status.tone}`}>{status.label}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function InboundUrl({ url }: { url: string }) {
  return (
    <div className="copy-field">
      <code id="inbound-url">{url}</code>
      <CopyButton text={url} what="inbound lead URL" />
    </div>
  );
}

/** No lead yet: how they will arrive, and the address LeadByte posts them to. */
function FirstLeads({ account }: { account: OnboardingStateDto }) {
  return (
    <section className="card" aria-labelledby="first-leads-title">
      <h2 id="first-leads-title">No leads yet</h2>
      <p>Leads reach you in two ways, and show here and in Leads as soon as they are delivered.</p>
      <p>
        <strong>From LeadByte</strong>, our lead platform, which posts each lead for your business to your inbound lead URL:
      </p>
      {account.inboundLeadUrl ? (
        <InboundUrl url={account.inboundLeadUrl} />
      ) : (
        <p className="muted">Your inbound lead URL appears here once your business details are saved.</p>
      )}
      <p>
        <strong>From our suppliers</strong>, when the LeadFlow team adds you to one of their campaigns.
      </p>
      <p className="muted">
        Either way, a lead comes to you only if it matches your postcode areas, delivery days and hours, and is within your caps
        {account.billingMode === 'billable' ? ' and your credit' : ''}.
      </p>
    </section>
  );
}

function Dashboard({
  account,
  dashboard,
  notice,
  onDismiss,
}: {
  account: OnboardingStateDto;
  dashboard: DashboardDto;
  notice: DashboardNotice;
  onDismiss: () => void;
}) {
  const business = account.businessDetails;
  const billable = dashboard.billingMode === 'billable';
  const currency = dashboard.currency;
  const hasLeads = dashboard.recentLeads.length > 0;
  const leadsSeries: DaySeries = { key: 'leads', label: 'Leads', kind: 'bar', color: '#1d4ed8', format: count, tick: count, whole: true };
  const spendSeries: DaySeries = {
    key: 'spend',
    label: 'Spend',
    kind: 'bar',
    color: '#067647',
    format: (n) => formatMoney(n, currency),
    tick: moneyTick(currency),
  };

  return (
    <>
      <div className="page-head">
        <p className="eyebrow">{business?.industryName}</p>
        <h1>{business?.businessName ?? 'Your account'}</h1>
        <p className="muted">
          Account status: <strong>{CLIENT_STATUS_LABELS[account.status]}</strong>
        </p>
      </div>
      {notice.planStarted ? (
        <Notice tone="success" onDismiss={onDismiss}>
          Payment received: your {notice.planStarted} plan has started.
        </Notice>
      ) : notice.cardSaved ? (
        <Notice tone="success" onDismiss={onDismiss}>
          Your card is saved and your account is set up.
        </Notice>
      ) : notice.preferencesSaved ? (
        <Notice tone="success" onDismiss={onDismiss}>
          Your lead preferences are saved.
        </Notice>
      ) : null}

      <NeedsAttention items={dashboard.attention} />

      <div className="stat-grid">
        {billable ? <BalanceCard dashboard={dashboard} /> : null}
        <PlanCard />
        <CapsCard dashboard={dashboard} />
        {billable && dashboard.runway ? (
          <RunwayCard runway={dashboard.runway} autoCharge={dashboard.autoCharge} currency={currency} />
        ) : null}
      </div>

      {hasLeads ? <RecentLeads leads={dashboard.recentLeads} currency={currency} billable={billable} /> : <FirstLeads account={account} />}

      <div className="chart-grid">
        <DaySeriesCard id="leads-chart" title="Leads per day" days={dashboard.series} series={[leadsSeries]} />
        {billable ? <DaySeriesCard id="spend-chart" title="Spend per day" days={dashboard.series} series={[spendSeries]} /> : null}
      </div>

      <div className="dashboard-grid">
        {hasLeads ? (
          <section className="card" aria-labelledby="inbound-title">
            <h2 id="inbound-title">Inbound lead URL</h2>
            {account.inboundLeadUrl ? (
              <>
                <p className="muted">LeadByte posts leads for your business to this address.</p>
                <InboundUrl url={account.inboundLeadUrl} />
              </>
            ) : (
              <p className="muted">Your inbound lead URL appears here once your business details are saved.</p>
            )}
          </section>
        ) : null}

        <section className="card" aria-labelledby="prefs-title">
          <div className="card-head">
            <h2 id="prefs-title">Lead preferences</h2>
            <Link to="/account/preferences" aria-label="Edit lead preferences">
              Edit
            </Link>
          </div>
          {account.leadPreferences ? (
            <PreferencesSummary prefs={account.leadPreferences} />
          ) : (
            <p className="muted">No lead preferences yet.</p>
          )}
        </section>

        {billable ? (
          <section className="card" aria-labelledby="card-title">
            <h2 id="card-title">Payment card</h2>
            {account.card ? (
              <p className="card-line">
                <span className="card-brand">{cardLabel(account.card)}</span>
                <span className="muted"> · expires {cardExpiry(account.card)}</span>
                {account.card.isDefault ? <span className="tag">Default</span> : null}
              </p>
            ) : (
              <p className="muted">No card saved.</p>
            )}
          </section>
        ) : null}

        <IntegrationsPanel integrations={account.integrations} title="Connected services" />
      </div>
    </>
  );
}

/**
 * The onboarded client's home: what needs attention, the balance and how long it lasts, leads
 * against the caps, the last 30 days, the latest leads, and the account's set-up.
 */
export function DashboardPage() {
  const location = useLocation();
  const [notice, setNotice] = useState<DashboardNotice>(() => (location.state as DashboardNotice | null) ?? {});
  const account = useQuery({ ...getAccountOptions(), refetchInterval: (q) => integrationsPollInterval(q.state.data?.integrations) });
  const dashboard = useQuery(getDashboardOptions());
  const both = allOf(account, dashboard);

  return (
    <Page title="Dashboard" wide>
      <QueryView query={both} loading="Loading your dashboard…" failed="We couldn't load your dashboard.">
        {([accountData, dashboardData]) => (
          <Dashboard account={accountData} dashboard={dashboardData} notice={notice} onDismiss={() => setNotice({})} />
        )}
      </QueryView>
      {both.isError && failureStatus(both.error) === 403 ? (
        <p>
          <Link to="/onboarding">Continue setting up your account</Link>
        </p>
      ) : null}
    </Page>
  );
}
