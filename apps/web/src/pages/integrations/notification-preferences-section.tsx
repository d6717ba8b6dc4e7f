import { getNotificationPreferencesOptions, type NotificationPreferencesDto, setNotificationPreferences } from '@leadflow/api-client';
import { useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { FormAlert, SubmitButton } from '../../components/form';
import { Notice } from '../../components/states';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

type Preference = keyof NotificationPreferencesDto;

const PREFERENCES: { key: Preference; label: string; hint: string; billableOnly: boolean }[] = [
  { key: 'newLead', label: 'New leads', hint: 'An email for each lead delivered to you.', billableOnly: false },
  {
    key: 'lowBalance',
    label: 'Low balance',
    hint: 'When your credit falls below your auto-charge threshold or reaches zero.',
    billableOnly: true,
  },
  {
    key: 'payments',
    label: 'Payments',
    hint: 'Receipts, failed payments, and payments that need your approval — for credit and for your plan.',
    billableOnly: true,
  },
  { key: 'invoices', label: 'Invoices', hint: 'Each weekly invoice and each plan invoice when it is issued.', billableOnly: true },
  {
    key: 'reports',
    label: 'Lead reports',
    hint: 'When we decide a lead you reported: refunded or not, with our note.',
    billableOnly: false,
  },
  {
    key: 'webhookFailures',
    label: 'Webhook failures',
    hint: 'When one of your endpoints keeps failing or is switched off after a 410.',
    billableOnly: false,
  },
];

function PreferencesForm({
  initial,
  billable,
  onSaved,
}: {
  initial: NotificationPreferencesDto;
  billable: boolean;
  onSaved: (saved: NotificationPreferencesDto) => void;
}) {
  const call = useApiCall();
  const [values, setValues] = useState<NotificationPreferencesDto>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // Billing emails mean nothing without credit; their stored values are sent back unchanged.
  const shown = PREFERENCES.filter((p) => billable || !p.billableOnly);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const outcome = await call(setNotificationPreferences({ body: values }));
    setBusy(false);
    if (outcome.ok) {
      setValues(outcome.data);
      setSaved(true);
      onSaved(outcome.data);
    } else if (outcome.failure.kind === 'api') {
      setError(outcome.failure.message);
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
      {saved ? (
        <Notice tone="success" onDismiss={() => setSaved(false)}>
          Your email notifications are saved.
        </Notice>
      ) : null}
      {error ? <FormAlert>{error}</FormAlert> : null}
      <fieldset className="fieldset">
        <legend>Email me about</legend>
        {shown.map((p) => (
          <div key={p.key} className="preference">
            <label className="check toggle">
              <input
                type="checkbox"
                name={p.key}
                checked={values[p.key]}
                onChange={(e) => setValues((v) => ({ ...v, [p.key]: e.target.checked }))}
                aria-describedby={`pref-${p.key}-hint`}
              />
              <span>{p.label}</span>
            </label>
            <p id={`pref-${p.key}-hint`} className="field-hint">
              {p.hint}
            </p>
          </div>
        ))}
      </fieldset>
      <p className="field-hint">Password resets and security emails are always sent.</p>
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel="Saving…">
          Save email notifications
        </SubmitButton>
      </div>
    </form>
  );
}

/** Which emails the account's owner gets, saved together. */
export function NotificationPreferencesSection({ billable }: { billable: boolean }) {
  const queryClient = useQueryClient();
  const prefs = useQuery(getNotificationPreferencesOptions());
  return (
    <section className="card form-card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Email notifications</h2>
      <p className="muted">Emails go to your account's owner.</p>
      <QueryView query={prefs} loading="Loading your email notifications…" failed="We couldn't load your email notifications.">
        {(initial) => (
          <PreferencesForm
            initial={initial}
            billable={billable}
            onSaved={(saved) => queryClient.setQueryData(getNotificationPreferencesOptions().queryKey, saved)}
          />
        )}
      </QueryView>
    </section>
  );
}
