import { getAccount, type MeDto } from '@leadflow/api-client';
import { Link, useNavigate } from 'react-router-dom';
import { useLoad } from '../../api/use-load';
import { AppShell } from '../../components/app-shell';
import { InlineLoading, LoadFailed } from '../../components/states';
import { LeadPreferencesForm } from '../onboarding/lead-preferences-form';
import type { DashboardNotice } from './dashboard-page';

/** Editing lead preferences after sign-up: the wizard's form, saved to the same endpoint. */
export function PreferencesPage({ me }: { me: MeDto }) {
  const navigate = useNavigate();
  const account = useLoad(() => getAccount());
  const notice: DashboardNotice = { preferencesSaved: true };

  return (
    <AppShell me={me} title="Lead preferences">
      <p>
        <Link to="/">← Back to dashboard</Link>
      </p>
      <section className="card form-card" aria-labelledby="prefs-edit-title">
        <h1 id="prefs-edit-title">Lead preferences</h1>
        {account.error && !account.data ? (
          <LoadFailed title="We couldn't load your preferences." message={account.error.message} onRetry={account.reload} />
        ) : account.data ? (
          <LeadPreferencesForm
            initial={account.data.leadPreferences}
            onSaved={() => navigate('/', { state: notice })}
            submitLabel="Save preferences"
            secondary={
              <Link className="button" to="/">
                Cancel
              </Link>
            }
          />
        ) : (
          <InlineLoading label="Loading your preferences…" />
        )}
      </section>
    </AppShell>
  );
}
