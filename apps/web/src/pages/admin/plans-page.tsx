import { deletePlan, listPlansOptions, listPublicPlansQueryKey, updatePlan, type PlanDto } from '@leadflow/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiCall } from '../../api/connection';
import { formatMoney } from '../../api/format';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Page } from '../../components/page';
import { QueryView } from '../../components/query-view';
import { EmptyState, Notice } from '../../components/states';
import { PlanForm } from './plan-form';

type Editing = { mode: 'new' } | { mode: 'edit'; plan: PlanDto } | null;
type Pending = { kind: 'retire'; plan: PlanDto } | { kind: 'delete'; plan: PlanDto } | null;

/** What clients subscribe to: create, edit, retire (clients on it keep it) or delete (unused only). */
export function PlansPage() {
  const call = useApiCall();
  const queryClient = useQueryClient();
  const plansOptions = listPlansOptions();
  const plans = useQuery(plansOptions);
  const [editing, setEditing] = useState<Editing>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const changed = async () => {
    await queryClient.invalidateQueries({ queryKey: plansOptions.queryKey });
    await queryClient.invalidateQueries({ queryKey: listPublicPlansQueryKey() });
  };

  async function setActive(plan: PlanDto, active: boolean): Promise<boolean> {
    const outcome = await call(updatePlan({ path: { id: plan.id }, body: { active } }));
    if (!outcome.ok) {
      if (outcome.failure.kind === 'api') setError(outcome.failure.message);
      return false;
    }
    await changed();
    setMessage(active ? `${plan.name} is on offer again.` : `${plan.name} is retired: clients on it keep it, nobody new can choose it.`);
    return true;
  }

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    if (pending.kind === 'retire') {
      if (await setActive(pending.plan, false)) setPending(null);
    } else {
      const outcome = await call(deletePlan({ path: { id: pending.plan.id } }));
      if (outcome.ok) {
        await changed();
        setMessage(`${pending.plan.name} is deleted.`);
        setPending(null);
      } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
    }
    setBusy(false);
  }

  const open = (next: Pending) => {
    setError(undefined);
    setPending(next);
  };

  return (
    <Page title="Plans" wide>
      <div className="page-head page-head-row">
        <h1>Plans</h1>
        {editing === null ? (
          <button type="button" className="button button-primary" onClick={() => setEditing({ mode: 'new' })}>
            New plan
          </button>
        ) : null}
      </div>
      <p className="muted">
        The platform subscription a client pays for its account, apart from its lead credit. Prices are per month before VAT.
      </p>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      {error && !pending ? (
        <Notice tone="error" onDismiss={() => setError(undefined)}>
          {error}
        </Notice>
      ) : null}
      {editing ? (
        <PlanForm
          key={editing.mode === 'edit' ? editing.plan.id : 'new'}
          plan={editing.mode === 'edit' ? editing.plan : null}
          onCancel={() => setEditing(null)}
          onSaved={(plan) => {
            void changed();
            setMessage(editing.mode === 'edit' ? `${plan.name} is saved.` : `${plan.name} is created.`);
            setEditing(null);
          }}
        />
      ) : null}

      <QueryView query={plans} loading="Loading plans…" failed="We couldn't load the plans.">
        {(list) =>
          list.length === 0 ? (
            <EmptyState>No plans yet.</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Plans</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Per month</th>
                    <th scope="col">Seats</th>
                    <th scope="col">Extra seat</th>
                    <th scope="col">Billed</th>
                    <th scope="col">Shown</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((plan) => (
                    <tr key={plan.id}>
                      <td data-label="Name">
                        <strong>{plan.name}</strong>
                        {plan.isDefault ? <span className="muted"> (new clients start here)</span> : null}
                      </td>
                      <td data-label="Per month">{formatMoney(plan.monthlyPrice, plan.currency)} + VAT</td>
                      <td data-label="Seats">{plan.seatsIncluded}</td>
                      <td data-label="Extra seat">{formatMoney(plan.seatPrice, plan.currency)}</td>
                      <td data-label="Billed">{plan.billingPeriod === 'yearly' ? 'Yearly' : 'Monthly'}</td>
                      <td data-label="Shown">{plan.isPublic ? 'Pricing page' : 'Private'}</td>
                      <td data-label="State">
                        {plan.active ? <span className="tag tag-success">Active</span> : <span className="tag tag-warning">Retired</span>}
                      </td>
                      <td data-label="Actions">
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEditing({ mode: 'edit', plan })}
                            aria-label={`Edit ${plan.name}`}
                          >
                            Edit
                          </button>
                          {plan.isDefault ? null : plan.active ? (
                            <button
                              type="button"
                              className="button button-small"
                              onClick={() => open({ kind: 'retire', plan })}
                              aria-label={`Retire ${plan.name}`}
                            >
                              Retire
                            </button>
                          ) : (
                            <button
                              type="button"
                              className="button button-small"
                              onClick={() => void setActive(plan, true)}
                              aria-label={`Offer ${plan.name} again`}
                            >
                              Offer again
                            </button>
                          )}
                          {plan.isDefault ? null : (
                            <button
                              type="button"
                              className="button button-small button-danger-quiet"
                              onClick={() => open({ kind: 'delete', plan })}
                              aria-label={`Delete ${plan.name}`}
                            >
                              Delete
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

      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'delete' ? `Delete ${pending.plan.name}?` : `Retire ${pending?.plan.name ?? 'plan'}?`}
        confirmLabel={pending?.kind === 'delete' ? 'Delete' : 'Retire'}
        busyLabel={pending?.kind === 'delete' ? 'Deleting…' : 'Retiring…'}
        danger={pending?.kind === 'delete'}
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => setPending(null)}
        extraAction={
          error && pending?.kind === 'delete' && pending.plan.active ? (
            <button type="button" className="button" onClick={() => open({ kind: 'retire', plan: pending.plan })}>
              Retire instead
            </button>
          ) : null
        }
      >
        {pending?.kind === 'delete' ? (
          <p>This can't be undone. A plan that clients are on can't be deleted — retire it instead.</p>
        ) : (
          <p>Clients on it keep it; it leaves the pricing page and nobody new can choose it. You can offer it again later.</p>
        )}
      </ConfirmDialog>
    </Page>
  );
}
