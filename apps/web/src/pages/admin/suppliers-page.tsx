import {
  type CampaignDto,
  createSupplier,
  listCampaignsOptions,
  listSuppliersOptions,
  rotateSupplierKey,
  type SupplierDto,
  type SupplierWithKeyDto,
  updateSupplier,
} from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { formatDateTime } from '../../api/format';
import { Page } from '../../components/page';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { CopyButton } from '../../components/copy-button';
import { Field, FormAlert, SubmitButton, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../../components/form';
import { EmptyState, Notice } from '../../components/states';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { allOf, QueryView } from '../../components/query-view';
import { PingStats } from './ping-stats';

const LABELS = { name: 'Name', campaignIds: 'Campaigns' };

function SupplierForm({
  supplier,
  campaigns,
  onSaved,
  onCancel,
}: {
  supplier: SupplierDto | null;
  campaigns: CampaignDto[];
  onSaved: (s: SupplierDto | SupplierWithKeyDto) => void;
  onCancel: () => void;
}) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(supplier?.name ?? '');
  const [chosen, setChosen] = useState<string[]>(supplier?.campaignIds ?? []);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { name: name.trim(), campaignIds: chosen };
    setBusy(true);
    const outcome = supplier ? await call(updateSupplier({ path: { id: supplier.id }, body })) : await call(createSupplier({ body }));
    setBusy(false);
    if (outcome.ok) onSaved(outcome.data);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  return (
    <section className="card form-card" aria-labelledby="supplier-form-title">
      <h2 id="supplier-form-title">{supplier ? `Edit ${supplier.name}` : 'New supplier'}</h2>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="name"
          label={LABELS.name}
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={errors.fields.name}
        />
        <fieldset className="fieldset">
          <legend>Campaigns it may post to</legend>
          {errors.fields.campaignIds ? <p className="field-error">{errors.fields.campaignIds.join(' ')}</p> : null}
          {campaigns.length === 0 ? <p className="muted">No campaigns yet.</p> : null}
          {campaigns.map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(c.id)}
                onChange={(e) => setChosen((ids) => (e.target.checked ? [...ids, c.id] : ids.filter((id) => id !== c.id)))}
              />
              <span>
                {c.name}
                {c.active ? '' : ' (inactive)'}
              </span>
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <SubmitButton busy={busy} busyLabel="Saving…">
            {supplier ? 'Save supplier' : 'Create supplier'}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

/** A new API key, shown this once. */
function NewKey({ supplier, onDone }: { supplier: SupplierWithKeyDto; onDone: () => void }) {
  return (
    <section className="card form-card" aria-labelledby="new-key-title">
      <h2 id="new-key-title">{`API key for ${supplier.name}`}</h2>
      <Notice tone="info">
        <strong>Copy it now: it is shown only once.</strong> We keep only a hash; if it is lost, rotate the key. The supplier sends it as
        the <code>X-API-Key</code> header.
      </Notice>
      <div className="copy-field">
        <code id="supplier-key">{supplier.apiKey}</code>
        <CopyButton text={supplier.apiKey} what="API key" />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          I've saved it
        </button>
      </div>
    </section>
  );
}

type Editing = { mode: 'new' } | { mode: 'edit'; supplier: SupplierDto } | null;
type Confirming = { supplier: SupplierDto; action: 'rotate' | 'deactivate' } | null;

/** `/admin/suppliers`: who may post leads to which campaigns, with their API keys, and how their pings convert. */
export function SuppliersPage() {
  const call = useApiCall();
  const queryClient = useQueryClient();
  const suppliers = useQuery(listSuppliersOptions());
  const campaigns = useQuery(listCampaignsOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const [newKey, setNewKey] = useState<SupplierWithKeyDto | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [rowError, setRowError] = useState<string | null>(null);

  function put(s: SupplierDto) {
    const { id, name, keyPrefix, campaignIds, active, lastUsedAt } = s;
    const row: SupplierDto = { id, name, keyPrefix, campaignIds, active, lastUsedAt };
    queryClient.setQueryData(listSuppliersOptions().queryKey, (list = []) =>
      list.some((x) => x.id === id) ? list.map((x) => (x.id === id ? row : x)) : [...list, row],
    );
  }

  async function setActive(s: SupplierDto, active: boolean) {
    setRowError(null);
    setBusy(true);
    const outcome = await call(updateSupplier({ path: { id: s.id }, body: { active } }));
    setBusy(false);
    if (outcome.ok) {
      put(outcome.data);
      setMessage(active ? `${s.name} can post leads again.` : `${s.name} is deactivated: its key is refused.`);
      setConfirming(null);
    } else if (outcome.failure.kind === 'api') {
      if (confirming) setError(outcome.failure.message);
      else setRowError(outcome.failure.message);
    }
  }

  async function rotate(s: SupplierDto) {
    setBusy(true);
    const outcome = await call(rotateSupplierKey({ path: { id: s.id } }));
    setBusy(false);
    if (outcome.ok) {
      put(outcome.data);
      setNewKey(outcome.data);
      setMessage(`${s.name} has a new key; the old one no longer works.`);
      setConfirming(null);
    } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  const campaignName = (id: string) => campaigns.data?.find((c) => c.id === id)?.name ?? 'Unknown campaign';
  return (
    <Page title="Suppliers" wide>
      <div className="page-head page-head-row">
        <h1>Suppliers</h1>
        {editing === null && campaigns.data ? (
          <button type="button" className="button button-primary" onClick={() => setEditing({ mode: 'new' })}>
            New supplier
          </button>
        ) : null}
      </div>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      {rowError ? (
        <Notice tone="error" onDismiss={() => setRowError(null)}>
          {rowError}
        </Notice>
      ) : null}
      {newKey ? <NewKey supplier={newKey} onDone={() => setNewKey(null)} /> : null}
      {editing && campaigns.data ? (
        <SupplierForm
          key={editing.mode === 'edit' ? editing.supplier.id : 'new'}
          supplier={editing.mode === 'edit' ? editing.supplier : null}
          campaigns={campaigns.data}
          onCancel={() => setEditing(null)}
          onSaved={(s) => {
            put(s);
            if ('apiKey' in s) setNewKey(s);
            setMessage(editing.mode === 'edit' ? `${s.name} is saved.` : `${s.name} is created.`);
            setEditing(null);
          }}
        />
      ) : null}
      <QueryView query={allOf(suppliers, campaigns)} loading="Loading suppliers…" failed="We couldn't load the suppliers.">
        {([list]) =>
          list.length === 0 ? (
            <EmptyState>No suppliers yet. Create one to give a lead seller an API key.</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Suppliers</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Campaigns</th>
                    <th scope="col">State</th>
                    <th scope="col">Last used</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id}>
                      <td data-label="Name">
                        <strong>{s.name}</strong>
                      </td>
                      <td data-label="Key">
                        <code>{s.keyPrefix}…</code>
                      </td>
                      <td data-label="Campaigns">
                        {s.campaignIds.length === 0 ? <span className="muted">None</span> : s.campaignIds.map(campaignName).join(', ')}
                      </td>
                      <td data-label="State">
                        {s.active ? <span className="tag tag-success">Active</span> : <span className="tag tag-warning">Deactivated</span>}
                      </td>
                      <td data-label="Last used">{s.lastUsedAt ? formatDateTime(s.lastUsedAt) : <span className="muted">Never</span>}</td>
                      <td data-label="Actions">
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEditing({ mode: 'edit', supplier: s })}
                            aria-label={`Edit ${s.name}`}
                          >
                            Edit
                          </button>
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => {
                              setError(undefined);
                              setConfirming({ supplier: s, action: 'rotate' });
                            }}
                            aria-label={`Rotate key of ${s.name}`}
                          >
                            Rotate key
                          </button>
                          {s.active ? (
                            <button
                              type="button"
                              className="button button-small button-danger-quiet"
                              onClick={() => {
                                setError(undefined);
                                setConfirming({ supplier: s, action: 'deactivate' });
                              }}
                              aria-label={`Deactivate ${s.name}`}
                            >
                              Deactivate
                            </button>
                          ) : (
                            <button
                              type="button"
                              className="button button-small"
                              disabled={busy}
                              onClick={() => void setActive(s, true)}
                              aria-label={`Reactivate ${s.name}`}
                            >
                              Reactivate
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <PingStats />
      <ConfirmDialog
        open={confirming !== null}
        title={
          confirming?.action === 'rotate'
            ? `Rotate ${confirming.supplier.name}'s key?`
            : `Deactivate ${confirming?.supplier.name ?? 'supplier'}?`
        }
        confirmLabel={confirming?.action === 'rotate' ? 'Rotate key' : 'Deactivate'}
        busyLabel={confirming?.action === 'rotate' ? 'Rotating…' : 'Deactivating…'}
        danger
        busy={busy}
        error={error}
        onConfirm={() =>
          confirming && void (confirming.action === 'rotate' ? rotate(confirming.supplier) : setActive(confirming.supplier, false))
        }
        onCancel={() => setConfirming(null)}
      >
        <p>
          {confirming?.action === 'rotate'
            ? 'The current key stops working at once. You will see the new key once, to send to the supplier.'
            : 'Its key is refused until you reactivate it. Leads it already sent are kept.'}
        </p>
      </ConfirmDialog>
    </Page>
  );
}
