import { getAccountOptions, getAccountQueryKey, getDashboardQueryKey } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useRefresh } from '../../api/use-refresh';
import { Page } from '../../components/page';
import { QueryView } from '../../components/query-view';
import { LeadPreferencesForm } from '../onboarding/lead-preferences-form';
import type { DashboardNotice } from './dashboard-page';

/** Editing lead preferences after sign-up: the wizard's form, saved to the same endpoint. */
export function PreferencesPage() {
  const navigate = useNavigate();
  const refresh = useRefresh();
  const account = useQuery(getAccountOptions());
  const notice: DashboardNotice = { preferencesSaved: true };

  return (
    <Page title="Lead preferences">
      <p>
        <Link to="/">← Back to dashboard</Link>
      </p>
      <section className="card form-card" aria-labelledby="prefs-edit-title">
        <h1 id="prefs-edit-title">Lead preferences</h1>
        <QueryView query={account} loading="Loading your preferences…" failed="We couldn't load your preferences.">
          {(data) => (
            <LeadPreferencesForm
              initial={data.leadPreferences}
              onSaved={() => {
                void refresh(getAccountQueryKey, getDashboardQueryKey);
                void navigate('/', { state: notice });
              }}
              submitLabel="Save preferences"
              secondary={
                <Link className="button" to="/">
                  Cancel
                </Link>
              }
            />
          )}
        </QueryView>
      </section>
    </Page>
  );
}
