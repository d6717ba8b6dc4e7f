import { type ApiKeyDto, type ApiKeyWithSecretDto, createApiKey, listApiKeysOptions, revokeApiKey } from '@leadflow/api-client';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { formatDate, formatDateTime } from '../../api/format';
import { API_KEY_SCOPES, SCOPE_LABELS, type ApiKeyScope } from '../../api/team';
import { ConfirmDialog } from '../../components/confirm-dialog';
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
import { OwnersOnlyNote } from '../../components/owners-only-note';
import { EmptyState, Notice } from '../../components/states';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

const LABELS = { name: 'Name', scopes: 'What it may do' };

function Intro() {
  return (
    <p className="muted">
      Let your own systems use the LeadFlow API: send the key as <code>Authorization: Bearer lf_…</code>. A key can do only what you tick
      for it. The calls are described in the{' '}
      <a href="/api/docs" target="_blank" rel="noreferrer">
        API documentation
      </a>
      .
    </p>
  );
}

function CreateKeyForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (created: ApiKeyWithSecretDto) => void }) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const scopesId = useId();
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = formValue(new FormData(event.currentTarget), 'name');
    const fields: Record<string, string[]> = {};
    if (!name) fields.name = ['Give the key a name, e.g. the system that will use it.'];
    if (scopes.length === 0) fields.scopes = ['Choose at least one thing the key may do.'];
    if (Object.keys(fields).length > 0) return setErrors({ fields });
    setErrors(noErrors);
    setBusy(true);
    // In the form's order, so the list reads the same way.
    const outcome = await call(
      createApiKey({ body: { name, scopes: API_KEY_SCOPES.map((s) => s.scope).filter((s) => scopes.includes(s)) } }),
    );
    setBusy(false);
    if (outcome.ok) onCreated(outcome.data);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  const scopeErrors = errors.fields.scopes;
  return (
    <section className="card form-card" aria-labelledby="api-key-form-title">
      <h3 id="api-key-form-title">Create an API key</h3>
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="name"
          label={LABELS.name}
          autoComplete="off"
          required
          maxLength={100}
          hint="For you: which system uses it, e.g. “CRM sync”."
          errors={errors.fields.name}
        />
        <fieldset className="fieldset" aria-describedby={scopeErrors ? `${scopesId}-error` : undefined}>
          <legend>{LABELS.scopes}</legend>
          {scopeErrors ? (
            <p id={`${scopesId}-error`} className="field-error">
              {scopeErrors.join(' ')}
            </p>
          ) : null}
          {API_KEY_SCOPES.map((s) => (
            <div key={s.scope} className="preference">
              <label className="check">
                <input
                  type="checkbox"
                  name="scopes"
                  value={s.scope}
                  checked={scopes.includes(s.scope)}
                  onChange={(e) => setScopes((now) => (e.target.checked ? [...now, s.scope] : now.filter((x) => x !== s.scope)))}
                  aria-describedby={`${scopesId}-${s.scope}`}
                />
                <span>{s.label}</span>
              </label>
              <p id={`${scopesId}-${s.scope}`} className="field-hint">
                {s.hint} <code>{s.scope}</code>
              </p>
            </div>
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <SubmitButton busy={busy} busyLabel="Creating…">
            Create key
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

/** The key itself, this once: only its hash is kept. */
function NewKey({ created, onDone }: { created: ApiKeyWithSecretDto; onDone: () => void }) {
  return (
    <section className="card new-secret" aria-labelledby="new-api-key-title">
      <h3 id="new-api-key-title">New API key</h3>
      <p className="muted">
        {created.apiKey.name} · {created.apiKey.scopes.map((s) => SCOPE_LABELS[s]).join(', ')}
      </p>
      <div className="notice notice-info" role="status">
        <div>
          <p>
            <strong>Store it now: it is shown only once.</strong> LeadFlow keeps only a hash of it and cannot show it again; if it is lost,
            revoke it and create another.
          </p>
          <p>
            Your system sends it as <code>Authorization: Bearer {'<key>'}</code>.
          </p>
        </div>
      </div>
      <div className="copy-field">
        <code id="api-key-secret">{created.key}</code>
        <CopyButton text={created.key} what="API key" />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          I've stored it
        </button>
      </div>
    </section>
  );
}

function KeysTable({ keys, onRevoke }: { keys: ApiKeyDto[]; onRevoke: (key: ApiKeyDto) => void }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">API keys, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">May</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td data-label="Name">{k.name}</td>
              <td data-label="Key">
                <code>{k.prefix}…</code>
              </td>
              <td data-label="May">{k.scopes.map((s) => SCOPE_LABELS[s]).join(', ')}</td>
              <td data-label="Created">{formatDate(k.createdAt)}</td>
              <td data-label="Last used">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
              <td data-label="Status">
                {k.revokedAt ? (
                  <span className="tag tag-danger">Revoked {formatDate(k.revokedAt)}</span>
                ) : (
                  <span className="tag tag-success">Active</span>
                )}
              </td>
              <td data-label="Actions">
                {k.revokedAt ? null : (
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() => onRevoke(k)}
                    aria-label={`Revoke: ${k.name} (${k.prefix}…)`}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The account's API keys (owners): create one with the scopes it needs and see it once, see when
 * each was last used, revoke one. Members are told the keys are the owners' to manage.
 */
export function ApiKeysSection({ owner }: { owner: boolean }) {
  return (
    <section className="section" id="api-keys" aria-labelledby="api-keys-title">
      {owner ? (
        <OwnerApiKeys />
      ) : (
        <>
          <h2 id="api-keys-title">API keys</h2>
          <Intro />
          <OwnersOnlyNote>Only the account's owners can create, see and revoke API keys.</OwnersOnlyNote>
        </>
      )}
    </section>
  );
}

function OwnerApiKeys() {
  const call = useApiCall();
  const queryClient = useQueryClient();
  const keys = useQuery(listApiKeysOptions());
  const setKeys = (change: (all: ApiKeyDto[]) => ApiKeyDto[]) =>
    queryClient.setQueryData(listApiKeysOptions().queryKey, (all = []) => change(all));
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<ApiKeyWithSecretDto | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    const outcome = await call(revokeApiKey({ path: { id: revoking.id } }));
    setBusy(false);
    if (outcome.ok) {
      setKeys((all) => all.map((k) => (k.id === outcome.data.id ? outcome.data : k)));
      setMessage(`The key ${revoking.name} is revoked: it stops working at once.`);
      setRevoking(null);
    } else if (outcome.failure.kind === 'api') {
      setError(outcome.failure.message);
    }
  }

  return (
    <>
      <div className="page-head-row">
        <h2 id="api-keys-title">API keys</h2>
        {adding || created ? null : (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setMessage(null);
              setAdding(true);
            }}
          >
            Create API key
          </button>
        )}
      </div>
      <Intro />
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      {created ? <NewKey created={created} onDone={() => setCreated(null)} /> : null}
      {adding ? (
        <CreateKeyForm
          onCancel={() => setAdding(false)}
          onCreated={(result) => {
            setAdding(false);
            setCreated(result);
            setKeys((all) => [result.apiKey, ...all]);
          }}
        />
      ) : null}
      <QueryView query={keys} loading="Loading API keys…" failed="We couldn't load your API keys.">
        {(data) =>
          data.length === 0 ? (
            <EmptyState>No API keys yet. Create one when a system of yours needs to read or report leads, or manage webhooks.</EmptyState>
          ) : (
            <KeysTable
              keys={data}
              onRevoke={(k) => {
                setError(undefined);
                setMessage(null);
                setRevoking(k);
              }}
            />
          )
        }
      </QueryView>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this API key?"
        confirmLabel="Revoke key"
        busyLabel="Revoking…"
        danger
        busy={busy}
        error={error}
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(null)}
      >
        <p>
          <strong>{revoking?.name}</strong> (<code>{revoking?.prefix}…</code>) stops working at once: every call made with it is refused.
          This can't be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
