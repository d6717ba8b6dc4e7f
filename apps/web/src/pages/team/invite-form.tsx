import { inviteTeamMember, type CreatedTeamInviteDto, type TeamDto } from '@leadflow/api-client';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { formatDate } from '../../api/format';
import { ROLE_HINTS, ROLE_LABELS, type ClientRole } from '../../api/team';
import { CopyButton } from '../../components/copy-button';
import {
  Field,
  FormAlert,
  SubmitButton,
  formValue,
  noErrors,
  toFormErrors,
  useFocusFirstError,
  type FormErrors,
} from '../../components/form';
import { Notice } from '../../components/states';
import { seatsText } from './team-tables';

const LABELS = { email: 'Email', role: 'Role' };
const ROLES: ClientRole[] = ['member', 'owner'];

/** The link of the invite just sent: emailed already, and here to copy into a chat. */
function InviteLink({ invite, onDone }: { invite: CreatedTeamInviteDto; onDone: () => void }) {
  return (
    <section className="card form-card" aria-labelledby="team-invite-link-title">
      <h2 id="team-invite-link-title">Invite link</h2>
      <Notice tone="success">
        <p>
          We've emailed <strong>{invite.email}</strong> a link to join as {ROLE_LABELS[invite.role].toLowerCase()}. It works once, until{' '}
          {formatDate(invite.expiresAt)}.
        </p>
        <p>You can also send it yourself. It is shown only here: if it is lost, revoke the invite and send a new one.</p>
      </Notice>
      <div className="copy-field">
        <code id="team-invite-url">{invite.url}</code>
        <CopyButton text={invite.url} what="invite link" />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

/**
 * Owners invite a colleague by email as an owner or a member. The API holds the seat limit (members
 * plus pending invites) and refuses with a 409 when it is reached, or when the email is already on
 * the team or already invited; those answers show here.
 */
export function InviteForm({ team, onInvited, onRefused }: { team: TeamDto; onInvited: () => void; onRefused: () => void }) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const roleId = useId();
  const [role, setRole] = useState<ClientRole>('member');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [created, setCreated] = useState<CreatedTeamInviteDto | null>(null);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = formValue(new FormData(form), 'email');
    if (!email) return setErrors({ fields: { email: ["Enter the email address of the person you're inviting."] } });
    setErrors(noErrors);
    setCreated(null);
    setBusy(true);
    const outcome = await call(inviteTeamMember({ body: { email, role } }));
    setBusy(false);
    if (outcome.ok) {
      setCreated(outcome.data);
      form.reset();
      setRole('member');
      onInvited();
    } else if (outcome.failure.kind === 'api') {
      const failure = outcome.failure;
      // A full account is about the seats, not the address; the other refusals are about the address.
      if (failure.status === 409 && !/seats/i.test(failure.message)) setErrors({ fields: { email: [failure.message] } });
      else setErrors(toFormErrors(failure, LABELS));
      if (failure.status === 409) onRefused();
    }
  }

  return (
    <>
      <section className="card form-card" aria-labelledby="invite-title">
        <div className="card-head">
          <h2 id="invite-title">Invite someone</h2>
          <span id="team-seats" className="muted">
            {seatsText(team)}
          </span>
        </div>
        <p className="muted">
          They get an email with a link to create their login. Pending invites take a seat until they are used, revoked or expire.
        </p>
        <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
          {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
          <Field
            name="email"
            label={LABELS.email}
            type="email"
            inputMode="email"
            autoComplete="off"
            required
            maxLength={254}
            errors={errors.fields.email}
          />
          <fieldset className="fieldset" aria-describedby={errors.fields.role ? `${roleId}-error` : undefined}>
            <legend>{LABELS.role}</legend>
            {errors.fields.role ? (
              <p id={`${roleId}-error`} className="field-error">
                {errors.fields.role.join(' ')}
              </p>
            ) : null}
            {ROLES.map((r) => (
              <div key={r} className="preference">
                <label className="check">
                  <input
                    type="radio"
                    name="role"
                    value={r}
                    checked={role === r}
                    onChange={() => setRole(r)}
                    aria-describedby={`${roleId}-${r}`}
                  />
                  <span>{ROLE_LABELS[r]}</span>
                </label>
                <p id={`${roleId}-${r}`} className="field-hint">
                  {ROLE_HINTS[r]}
                </p>
              </div>
            ))}
          </fieldset>
          <div className="form-actions">
            <SubmitButton busy={busy} busyLabel="Sending invite…">
              Send invite
            </SubmitButton>
          </div>
        </form>
      </section>
      {created ? <InviteLink invite={created} onDone={() => setCreated(null)} /> : null}
    </>
  );
}
