import { Page } from '../../components/page';
import { ActivityLog } from './activity-log';

/** `/activity`: every change to the client's account, by them, a colleague, the LeadFlow team or the system. */
export function ActivityPage() {
  return (
    <Page title="Activity" wide>
      <div className="page-head">
        <h1>Activity</h1>
        <p className="muted">Every change to your account, newest first: who made it, and what it was before and after.</p>
      </div>
      <ActivityLog caption="Changes to your account, newest first" empty="Nothing has changed yet." />
    </Page>
  );
}
