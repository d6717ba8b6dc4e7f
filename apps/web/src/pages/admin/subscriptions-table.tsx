import {
  subscribeBuyer,
  unsubscribeBuyer,
  type AdminClientSummaryDto,
  type CampaignDto,
  type IndustryDto,
  type SubscriptionDto,
} from '@leadflow/api-client';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { parsePounds, poundsInput } from '../../api/money';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { FormAlert } from '../../components/form';
import { EmptyState } from '../../components/states';
import { clientName } from './use-client-directory';

/** "" → null (no cap); anything else a whole number, or NaN. */
const capOf = (text: string) => (text.trim() === '' ? null : /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

function SubscriptionRow({
  campaign,
  sub,
  name,
  price,
  onSaved,
  onRemove,
}: {
  campaign: CampaignDto;
  sub: SubscriptionDto;
  name: string;
  /** The campaign's price, shown where no bid is set. */
  price: string;
  onSaved: (c: CampaignDto) => void;
  onRemove: () => void;
}) {
  const call = useApiCall();
  const [weight, setWeight] = useState(String(sub.weight ?? 1));
  const [priority, setPriority] = useState(String(sub.priority ?? 100));
  const [daily, setDaily] = useState(sub.dailyCap != null ? String(sub.dailyCap) : '');
  const [weekly, setWeekly] = useState(sub.weeklyCap != null ? String(sub.weeklyCap) : '');
  const [bid, setBid] = useState(sub.bid != null ? poundsInput(sub.bid) : '');
  const [active, setActive] = useState(sub.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dirty =
    weight !== String(sub.weight ?? 1) ||
    priority !== String(sub.priority ?? 100) ||
    daily !== (sub.dailyCap != null ? String(sub.dailyCap) : '') ||
    weekly !== (sub.weeklyCap != null ? String(sub.weeklyCap) : '') ||
    bid !== (sub.bid != null ? poundsInput(sub.bid) : '') ||
    active !== (sub.active ?? true);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const w = Number(weight);
    const p = Number(priority);
    const dailyCap = capOf(daily);
    const weeklyCap = capOf(weekly);
    if (!Number.isInteger(w) || w < 1 || w > 10) return setError('Weight must be a whole number from 1 to 10.');
    if (!Number.isInteger(p) || p < 1) return setError('Priority must be a whole number, 1 or more.');
    if (Number.isNaN(dailyCap) || Number.isNaN(weeklyCap) || dailyCap === 0 || weeklyCap === 0)
      return setError('Caps must be whole numbers of 1 or more, or empty for none.');
    const bidPence = bid.trim() ? parsePounds(bid) : null;
    if (bid.trim() && bidPence === null)
      return setError('Enter the bid in pounds, like 30 or 30.50, or leave it empty for the campaign’s price.');
    setError(null);
    setBusy(true);
    const outcome = await call(
      subscribeBuyer({
        path: { id: campaign.id },
        body: { clientId: sub.clientId, weight: w, priority: p, dailyCap, weeklyCap, bid: bidPence, active },
      }),
    );
    setBusy(false);
    if (outcome.ok) onSaved(outcome.data);
    else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  const formId = `sub-${campaign.id}-${sub.clientId}`;
  return (
    <tr>
      <td data-label="Buyer">
        <Link to={`/admin/clients/${sub.clientId}`}>{name}</Link>
        <form id={formId} onSubmit={save} hidden />
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
      <td data-label="Weight">
        <input
          form={formId}
          className="input-narrow"
          type="number"
          min={1}
          max={10}
          value={weight}
          onChange={(e) => setWeight(e.target.value)}
          aria-label={`Weight for ${name}`}
        />
      </td>
      <td data-label="Priority">
        <input
          form={formId}
          className="input-narrow"
          type="number"
          min={1}
          value={priority}
          onChange={(e) => setPriority(e.target.value)}
          aria-label={`Priority for ${name}`}
        />
      </td>
      <td data-label="Daily cap">
        <input
          form={formId}
          className="input-narrow"
          type="number"
          min={1}
          value={daily}
          placeholder="None"
          onChange={(e) => setDaily(e.target.value)}
          aria-label={`Daily cap for ${name}`}
        />
      </td>
      <td data-label="Weekly cap">
        <input
          form={formId}
          className="input-narrow"
          type="number"
          min={1}
          value={weekly}
          placeholder="None"
          onChange={(e) => setWeekly(e.target.value)}
          aria-label={`Weekly cap for ${name}`}
        />
      </td>
      <td data-label="Bid (£)">
        <input
          form={formId}
          className="input-narrow"
          inputMode="decimal"
          value={bid}
          placeholder={price}
          onChange={(e) => setBid(e.target.value)}
          aria-label={`Bid for ${name}, in pounds`}
        />
      </td>
      <td data-label="Active">
        <label className="check">
          <input form={formId} type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          <span className="visually-hidden">{`${name} is active`}</span>
        </label>
      </td>
      <td data-label="Actions">
        <div className="row-actions">
          <button
            form={formId}
            type="submit"
            className="button button-small"
            disabled={busy || !dirty}
            aria-label={`Save ${name}'s subscription`}
          >
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button button-small button-danger-quiet"
            onClick={onRemove}
            aria-label={`Remove ${name} from ${campaign.name}`}
          >
            Remove
          </button>
        </div>
      </td>
    </tr>
  );
}

/** A campaign's buyers: add one (clients of the campaign's industry), edit weight/priority/caps/bid inline, remove. */
export function SubscriptionsTable({
  campaign,
  industry,
  clients,
  onChanged,
}: {
  campaign: CampaignDto;
  industry: IndustryDto | undefined;
  clients: AdminClientSummaryDto[];
  onChanged: (c: CampaignDto) => void;
}) {
  const call = useApiCall();
  const [adding, setAdding] = useState('');
  const [addBusy, setAddBusy] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<SubscriptionDto | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<string | undefined>(undefined);
  const subscribed = new Set(campaign.subscriptions.map((s) => s.clientId));
  const candidates = clients.filter((c) => industry && c.industryName === industry.name && !subscribed.has(c.id));

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!adding) return setAddError('Choose a client to add.');
    setAddBusy(true);
    setAddError(null);
    const outcome = await call(subscribeBuyer({ path: { id: campaign.id }, body: { clientId: adding } }));
    setAddBusy(false);
    if (outcome.ok) {
      setAdding('');
      onChanged(outcome.data);
    } else if (outcome.failure.kind === 'api') setAddError(outcome.failure.message);
  }

  async function remove() {
    if (!removing) return;
    setRemoveBusy(true);
    const outcome = await call(unsubscribeBuyer({ path: { id: campaign.id, clientId: removing.clientId } }));
    setRemoveBusy(false);
    if (outcome.ok) {
      onChanged(outcome.data);
      setRemoving(null);
    } else if (outcome.failure.kind === 'api') setRemoveError(outcome.failure.message);
  }

  const selectId = `add-buyer-${campaign.id}`;
  return (
    <div className="subscriptions">
      {campaign.subscriptions.length === 0 ? (
        <EmptyState>No buyers yet: this campaign's leads go nowhere until you add one.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{`Buyers of ${campaign.name}`}</caption>
            <thead>
              <tr>
                <th scope="col">Buyer</th>
                <th scope="col">Weight</th>
                <th scope="col">Priority</th>
                <th scope="col">Daily cap</th>
                <th scope="col">Weekly cap</th>
                <th scope="col">
                  <abbr title="What this buyer pays per lead, above the campaign's price; waterfall offers the highest first">Bid (£)</abbr>
                </th>
                <th scope="col">Active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {campaign.subscriptions.map((s) => (
                <SubscriptionRow
                  key={`${s.clientId}:${s.weight}:${s.priority}:${s.dailyCap}:${s.weeklyCap}:${s.bid}:${s.active}`}
                  campaign={campaign}
                  sub={s}
                  name={clientName(clients, s.clientId)}
                  price={poundsInput(campaign.priceOverride ?? industry?.leadCost ?? 0)}
                  onSaved={onChanged}
                  onRemove={() => {
                    setRemoveError(undefined);
                    setRemoving(s);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="filters" onSubmit={add} aria-label={`Add a buyer to ${campaign.name}`}>
        <div className="field">
          <label htmlFor={selectId}>Add a buyer</label>
          <select id={selectId} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">{candidates.length === 0 ? `No other ${industry?.name ?? ''} clients` : 'Choose a client'}</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.businessName ?? c.ownerEmail ?? c.id}
                {c.onboardingStep !== 'complete' ? ' (still signing up)' : ''}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={addBusy || candidates.length === 0}>
          {addBusy ? 'Adding…' : 'Add buyer'}
        </button>
        {addError ? <FormAlert>{addError}</FormAlert> : null}
      </form>
      <ConfirmDialog
        open={removing !== null}
        title="Remove this buyer?"
        confirmLabel="Remove"
        busyLabel="Removing…"
        danger
        busy={removeBusy}
        error={removeError}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      >
        <p>
          <strong>{removing ? clientName(clients, removing.clientId) : ''}</strong> stops getting leads from {campaign.name}. Leads already
          delivered stay theirs.
        </p>
      </ConfirmDialog>
    </div>
  );
}
