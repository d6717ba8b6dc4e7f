import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { isOwner } from '../../api/team';
import { CLIENT_WEBHOOKS } from '../../api/webhooks';
import { Page } from '../../components/page';
import type { EndpointsNotice } from '../webhooks/endpoint-page';
import { EndpointsSection } from '../webhooks/endpoints-section';
import { ApiKeysSection } from './api-keys-section';
import { NotificationPreferencesSection } from './notification-preferences-section';
import { useMe } from '../../auth/auth-context';

/**
 * `/integrations`: where LeadFlow tells the client's other systems (signed webhooks) and the client
 * (emails) what happened, and where owners give those systems API keys.
 */
export function IntegrationsPage() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<EndpointsNotice>(() => (location.state as EndpointsNotice | null) ?? {});

  function dismissNotice() {
    setNotice({});
    // The router state would bring it back on reload.
    void navigate(location.pathname, { replace: true, state: null });
  }

  return (
    <Page title="Integrations" wide>
      <div className="page-head">
        <h1>Integrations</h1>
        <p className="muted">
          Send what happens in your LeadFlow account to your own systems (a CRM, Zapier, a spreadsheet), let them call the LeadFlow API, and
          choose which emails you get.
        </p>
      </div>
      <EndpointsSection
        scope={CLIENT_WEBHOOKS}
        title="Webhook endpoints"
        intro={
          <p>
            Each event is POSTed as JSON to your endpoint and signed with the{' '}
            <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
              Standard Webhooks
            </a>{' '}
            scheme; a failed delivery is retried, with growing pauses, for about a day. The payload of each event type is described in the{' '}
            <a href="/api/docs" target="_blank" rel="noreferrer">
              API documentation
            </a>
            .
          </p>
        }
        empty="No endpoints yet. Add one to receive new leads and account events in your own systems."
        notice={notice.deleted ? `The endpoint ${notice.deleted} is deleted.` : null}
        onDismissNotice={dismissNotice}
      />
      <ApiKeysSection owner={isOwner(me)} />
      <NotificationPreferencesSection billable={me.client?.billingMode === 'billable'} />
    </Page>
  );
}
