import {
  getSignInMethodsOptions,
  getSignInMethodsQueryKey,
  linkProvider,
  setPassword,
  unlinkProvider,
  type SignInMethodDto,
  type SignInMethodsDto,
} from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatDateTime } from '../../api/format';
import { useRefresh } from '../../api/use-refresh';
import { ConfirmDialog } from '../../components/confirm-dialog';
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
import { Page } from '../../components/page';
import { QueryView } from '../../components/query-view';
import { Notice } from '../../components/states';

const LABELS = { currentPassword: 'Current password', newPassword: 'New password' };

/** `/account/sign-in`: how you sign in — your password and the providers (Google) linked to your account. */
export function SignInPage() {
  const location = useLocation();
  const arrived = (location.state as { notice?: string } | null)?.notice ?? null;
  const [notice, setNotice] = useState<string | null>(arrived);
  const methods = useQuery(getSignInMethodsOptions());
  return (
    <Page title="Sign-in">
      <div className="page-head">
        <h1>Sign-in</h1>
        <p className="muted">How you log in to LeadFlow: a password, and the accounts (such as Google) linked to yours.</p>
      </div>
      {notice ? (
        <Notice tone="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Notice>
      ) : null}
      <QueryView query={methods} loading="Loading your sign-in methods…" failed="We couldn't load your sign-in methods.">
        {(m) => (
          <>
            <LinkedAccounts methods={m} onDone={setNotice} />
            <PasswordForm hasPassword={m.hasPassword} onDone={setNotice} />
          </>
        )}
      </QueryView>
    </Page>
  );
}

function LinkedAccounts({ methods, onDone }: { methods: SignInMethodsDto; onDone: (message: string) => void }) {
  const call = useApiCall();
  const refresh = useRefresh();
  const [linking, setLinking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unlinking, setUnlinking] = useState<SignInMethodDto | null>(null);
  const [unlinkBusy, setUnlinkBusy] = useState(false);
  const [unlinkError, setUnlinkError] = useState<string | undefined>();

  async function link(provider: string) {
    setLinking(provider);
    setError(null);
    const outcome = await call(linkProvider({ path: { provider } }));
    if (outcome.ok) {
      window.location.assign(outcome.data.authorizeUrl);
      return;
    }
    setLinking(null);
    if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  async function unlink() {
    if (!unlinking) return;
    setUnlinkBusy(true);
    const outcome = await call(unlinkProvider({ path: { provider: unlinking.provider } }));
    setUnlinkBusy(false);
    if (outcome.ok) {
      onDone(`${unlinking.label} is unlinked: it no longer signs you in.`);
      setUnlinking(null);
      void refresh(getSignInMethodsQueryKey());
    } else if (outcome.failure.kind === 'api') setUnlinkError(outcome.failure.message);
  }

  const onlyWayIn = !methods.hasPassword && methods.linked.length === 1;
  return (
    <section className="card" aria-labelledby="linked-title">
      <h2 id="linked-title">Linked accounts</h2>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {methods.linked.length === 0 ? (
        <p className="muted">No account is linked. Link one to log in with it instead of your password.</p>
      ) : (
        <ul className="plain-list linked-list" aria-label="Linked accounts">
          {methods.linked.map((m) => (
            <li key={m.provider} className="linked-account">
              <div>
                <strong>{m.label}</strong> <span>{m.email}</span>
                <div className="muted">
                  Linked {formatDateTime(m.linkedAt)}
                  {m.lastUsedAt ? ` · last used ${formatDateTime(m.lastUsedAt)}` : ''}
                </div>
              </div>
              {methods.required === m.provider ? (
                <span className="muted">Administrators keep {m.label} linked.</span>
              ) : onlyWayIn ? (
                <span className="muted">Your only way to log in: set a password below before unlinking it.</span>
              ) : (
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  onClick={() => {
                    setUnlinkError(undefined);
                    setUnlinking(m);
                  }}
                >
                  Unlink {m.label}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {methods.available.length > 0 ? (
        <div className="row-actions">
          {methods.available.map((p) => (
            <button key={p.id} type="button" className="button" onClick={() => void link(p.id)} disabled={linking !== null}>
              {linking === p.id ? `Opening ${p.label}…` : `Link ${p.label}`}
            </button>
          ))}
        </div>
      ) : null}
      <ConfirmDialog
        open={unlinking !== null}
        title={`Unlink ${unlinking?.label ?? ''}?`}
        confirmLabel="Unlink"
        busyLabel="Unlinking…"
        danger
        busy={unlinkBusy}
        error={unlinkError}
        onConfirm={() => void unlink()}
        onCancel={() => setUnlinking(null)}
      >
        <p>
          You will no longer be able to log in with {unlinking?.label} ({unlinking?.email}). You can link it again later.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function PasswordForm({ hasPassword, onDone }: { hasPassword: boolean; onDone: (message: string) => void }) {
  const call = useApiCall();
  const refresh = useRefresh();
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const outcome = await call(
      setPassword({
        body: {
          newPassword: formValue(form, 'newPassword'),
          ...(hasPassword ? { currentPassword: formValue(form, 'currentPassword') } : {}),
        },
      }),
    );
    setBusy(false);
    if (outcome.ok) {
      setErrors(noErrors);
      formRef.current?.reset();
      onDone(hasPassword ? 'Your password is changed.' : 'Your password is set: you can now log in with it too.');
      void refresh(getSignInMethodsQueryKey());
    } else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  return (
    <section className="card narrow-card" aria-labelledby="password-title">
      <h2 id="password-title">{hasPassword ? 'Change your password' : 'Set a password'}</h2>
      {hasPassword ? null : (
        <p className="muted">Your account has no password: you log in with a linked account. Set one to log in either way.</p>
      )}
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        {hasPassword ? (
          <Field
            name="currentPassword"
            label={LABELS.currentPassword}
            type="password"
            autoComplete="current-password"
            required
            errors={errors.fields.currentPassword}
          />
        ) : null}
        <Field
          name="newPassword"
          label={LABELS.newPassword}
          type="password"
          autoComplete="new-password"
          required
          maxLength={128}
          hint="10–128 characters, with at least one letter and one digit."
          errors={errors.fields.newPassword}
        />
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel="Saving…">
            {hasPassword ? 'Change password' : 'Set password'}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
