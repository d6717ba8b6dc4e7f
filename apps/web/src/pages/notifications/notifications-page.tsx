import { Link } from 'react-router-dom';
import { Page } from '../../components/page';
import { NotificationLog } from './notification-log';

/** `/notifications`: every email, text and webhook sent for the client's account. */
export function NotificationsPage() {
  return (
    <Page title="Notification log" wide>
      <div className="page-head">
        <h1>Notification log</h1>
        <p className="muted">
          Every email, text and webhook sent for your account, newest first, and what became of it. Addresses and numbers are partly hidden.
        </p>
        <p>
          <Link to="/alerts">Text alerts</Link> · <Link to="/usage">Usage</Link>
        </p>
      </div>
      <NotificationLog
        caption="Notifications, newest first"
        empty="Nothing sent yet. Emails, texts and webhooks for your account will show here."
      />
    </Page>
  );
}
