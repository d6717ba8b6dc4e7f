import { createInvite, type InviteDto } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { formatDate } from '../../api/format';
import { Page } from '../../components/page';
import { CopyButton } from '../../components/copy-button';
import {
  Field,
  FormAlert,
  SelectField,
  SubmitButton,
  formValue,
  noErrors,
  toFormErrors,
  useFocusFirstError,
  type FormErrors,
} from '../../components/form';
import { Notice } from '../../components/states';

const LABELS = { billingMode: 'Billing mode', email: 'Email (optional)', expiresInDays: 'Valid for (days)' };

/** A sign-up link that pre-sets billable or non-billable; the token is shown once. */
export function InvitesPage() {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [invite, setInvite] = useState<InviteDto | null>(null);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = formValue(form, 'email');
    const days = Number(formValue(form, 'expiresInDays'));
    setBusy(true);
    setErrors(noErrors);
    const outcome = await call(
      createInvite({
        body: {
          billingMode: formValue(form, 'billingMode') === 'non_billable' ? 'non_billable' : 'billable',
          ...(email ? { email } : {}),
          ...(days ? { expiresInDays: days } : {}),
        },
      }),
    );
    setBusy(false);
    if (outcome.ok) setInvite(outcome.data);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  return (
    <Page title="Invites">
      <div className="page-head">
        <h1>Invite a client</h1>
        <p className="muted">Send the link to a new client; it signs them up with the billing mode you choose.</p>
      </div>
      <section className="card form-card" aria-labelledby="invite-form-title">
        <h2 id="invite-form-title">New invite</h2>
        <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
          {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
          <SelectField
            name="billingMode"
            label={LABELS.billingMode}
            defaultValue="billable"
            errors={errors.fields.billingMode}
            hint="Non-billable clients skip the card step and all credit features."
          >
            <option value="billable">Billable</option>
            <option value="non_billable">Non-billable</option>
          </SelectField>
          <Field
            name="email"
            label={LABELS.email}
            type="email"
            inputMode="email"
            autoComplete="off"
            hint="Only this address may use the invite."
            errors={errors.fields.email}
          />
          <Field
            name="expiresInDays"
            label={LABELS.expiresInDays}
            type="number"
            inputMode="numeric"
            min={1}
            max={90}
            defaultValue={14}
            errors={errors.fields.expiresInDays}
          />
          <SubmitButton busy={busy} busyLabel="Creating…">
            Create invite link
          </SubmitButton>
        </form>
      </section>
      {invite ? (
        <section className="card form-card" aria-labelledby="invite-link-title">
          <h2 id="invite-link-title">Invite link</h2>
          <Notice tone="success">
            A {invite.billingMode === 'billable' ? 'billable' : 'non-billable'} invite, valid until {formatDate(invite.expiresAt)}. Copy it
            now: it is shown only once.
          </Notice>
          <div className="copy-field">
            <code id="invite-url">{invite.url}</code>
            <CopyButton text={invite.url} what="invite link" />
          </div>
        </section>
      ) : null}
    </Page>
  );
}
