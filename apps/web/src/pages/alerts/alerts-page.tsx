import { Link } from 'react-router-dom';
import { useMe } from '../../auth/auth-context';
import { Page } from '../../components/page';
import { TextAlertsSection } from './text-alerts-section';

/** `/alerts`: how a person hears about leads and money as they happen, by text. */
export function AlertsPage() {
  const me = useMe();
  return (
    <Page title="Alerts">
      <div className="page-head">
        <h1>Alerts</h1>
        <p className="muted">
          A text to your mobile when a lead arrives, when credit runs low or a payment fails. Your account's emails are chosen under{' '}
          <Link to="/integrations">Integrations</Link>.
        </p>
      </div>
      <TextAlertsSection billable={me.client?.billingMode === 'billable'} />
    </Page>
  );
}
