import { getAccount, type LeadPreferencesViewDto, type MeDto, type OnboardingStateDto } from '@leadflow/api-client';
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { cardExpiry, cardLabel, CLIENT_STATUS_LABELS, formatDays } from '../../api/format';
import { useLoad } from '../../api/use-load';
import { AppShell } from '../../components/app-shell';
import { CopyButton } from '../../components/copy-button';
import { InlineLoading, LoadFailed, Notice } from '../../components/states';
import { IntegrationsPanel, useIntegrationPolling } from '../onboarding/integrations-panel';

/** What the dashboard may be told by the page that sent the client here. */
export interface DashboardNotice {
  cardSaved?: boolean;
  preferencesSaved?: boolean;
}

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
        <dt>Delivery</dt>
        <dd>
          {formatDays(prefs.deliveryDays)}, {prefs.deliveryStart === '00:00' && prefs.deliveryEnd === '24:00' ? 'any time' : `${prefs.deliveryStart}–${prefs.deliveryEnd}`}
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

function Account({ account, notice, onDismiss }: { account: OnboardingStateDto; notice: DashboardNotice; onDismiss: () => void }) {
  const business = account.businessDetails;
  const billable = account.billingMode === 'billable';
  return (
    <>
      <div className="page-head">
        <p className="eyebrow">{business?.industryName}</p>
        <h1>{business?.businessName ?? 'Your account'}</h1>
        <p className="muted">
          Account status: <strong>{CLIENT_STATUS_LABELS[account.status]}</strong>
        </p>
      </div>
      {notice.cardSaved ? (
        <Notice tone="success" onDismiss={onDismiss}>
          Your card is saved and your account is set up.
        </Notice>
      ) : notice.preferencesSaved ? (
        <Notice tone="success" onDismiss={onDismiss}>
          Your lead preferences are saved.
        </Notice>
      ) : null}
      <div className="dashboard-grid">
        <section className="card" aria-labelledby="inbound-title">
          <h2 id="inbound-title">Inbound lead URL</h2>
          {account.inboundLeadUrl ? (
            <>
              <p className="muted">Leads for your business are posted to this address.</p>
              <div className="copy-field">
                <code id="inbound-url">{account.inboundLeadUrl}</code>
                <CopyButton text={account.inboundLeadUrl} what="inbound lead URL" />
              </div>
            </>
          ) : (
            <p className="muted">Your inbound lead URL appears here once your business details are saved.</p>
          )}
        </section>

        <section className="card" aria-labelledby="prefs-title">
          <div className="card-head">
            <h2 id="prefs-title">Lead preferences</h2>
            <Link to="/account/preferences" aria-label="Edit lead preferences">
              Edit
            </Link>
          </div>
          {account.leadPreferences ? <PreferencesSummary prefs={account.leadPreferences} /> : <p className="muted">No lead preferences yet.</p>}
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

/** The onboarded client's home: the facts of the account, nothing invented. */
export function DashboardPage({ me }: { me: MeDto }) {
  const location = useLocation();
  const [notice, setNotice] = useState<DashboardNotice>(() => (location.state as DashboardNotice | null) ?? {});
  const account = useLoad(() => getAccount());
  useIntegrationPolling(account.data?.integrations, () => getAccount(), (integrations) => account.setData((a) => ({ ...a, integrations })));

  return (
    <AppShell me={me} title="Dashboard">
      {account.error && !account.data ? (
        <>
          <LoadFailed title="We couldn't load your account." message={account.error.message} onRetry={account.reload} />
          {account.error.status === 403 ? (
            <p>
              <Link to="/onboarding">Continue setting up your account</Link>
            </p>
          ) : null}
        </>
      ) : account.data ? (
        <Account account={account.data} notice={notice} onDismiss={() => setNotice({})} />
      ) : (
        <InlineLoading label="Loading your account…" />
      )}
    </AppShell>
  );
}
