import {
  addPaymentMethodSession,
  listPaymentMethodsOptions,
  listPaymentMethodsQueryKey,
  makeDefaultPaymentMethod,
  removePaymentMethod,
  type CardDto,
} from '@leadflow/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiCall } from '../../api/connection';
import { cardExpiry, cardLabel } from '../../api/format';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { FormAlert } from '../../components/form';
import { QueryView } from '../../components/query-view';
import { EmptyState, Notice } from '../../components/states';

interface Props {
  /** Owners add, remove and choose the default card; members only see the cards. */
  manage: boolean;
  /** After a removal: whether it turned auto-charge off (the page reloads the summary). */
  onRemoved: (autoChargeTurnedOff: boolean) => void;
}

/** Saved cards: the default pays for top-ups and auto-charges. New cards are entered on Stripe's page. */
export function CardsSection({ manage, onRemoved }: Props) {
  const call = useApiCall();
  const queryClient = useQueryClient();
  const cards = useQuery(listPaymentMethodsOptions());
  const setCards = (items: CardDto[]) => queryClient.setQueryData(listPaymentMethodsQueryKey(), { items });
  const [opening, setOpening] = useState(false);
  const [working, setWorking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CardDto | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);

  async function addCard() {
    setOpening(true);
    setError(null);
    const outcome = await call(addPaymentMethodSession());
    if (outcome.ok) {
      // Stripe comes back to /billing/cards/return?session_id=… (or /billing?card=canceled).
      window.location.assign(outcome.data.url);
      return;
    }
    setOpening(false);
    if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  async function makeDefault(card: CardDto) {
    setWorking(card.id);
    setError(null);
    setMessage(null);
    const outcome = await call(makeDefaultPaymentMethod({ path: { id: card.id } }));
    setWorking(null);
    if (outcome.ok) {
      setCards(outcome.data.items);
      setMessage(`${cardLabel(card)} is now your default card.`);
    } else if (outcome.failure.kind === 'api') {
      setError(outcome.failure.message);
    }
  }

  async function remove() {
    if (!removing) return;
    setRemoveBusy(true);
    const outcome = await call(removePaymentMethod({ path: { id: removing.id } }));
    setRemoveBusy(false);
    if (outcome.ok) {
      setCards(outcome.data.items ?? []);
      const turnedOff = outcome.data.autoChargeTurnedOff === true;
      setMessage(turnedOff ? 'Auto-charge is now off because the default card was removed.' : `${cardLabel(removing)} is removed.`);
      setRemoving(null);
      onRemoved(turnedOff);
    } else if (outcome.failure.kind === 'api') {
      setRemoveError(outcome.failure.message);
    }
  }

  return (
    <section className="card" aria-labelledby="cards-title" aria-busy={cards.isFetching}>
      <div className="card-head">
        <h2 id="cards-title">Cards</h2>
      </div>
      {message ? (
        <Notice tone={message.startsWith('Auto-charge') ? 'info' : 'success'} onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <QueryView query={cards} loading="Loading your cards…" failed="We couldn't load your cards.">
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState>{manage ? 'No cards saved. Add a card to top up your credit.' : 'No cards saved.'}</EmptyState>
          ) : (
            <ul className="card-list" aria-label="Saved cards">
              {items.map((card) => (
                <li key={card.id} className="card-list-item">
                  <div className="card-line">
                    <span className="card-brand">{cardLabel(card)}</span>
                    <span className="muted">expires {cardExpiry(card)}</span>
                    {card.isDefault ? <span className="tag tag-success">Default</span> : null}
                  </div>
                  {manage ? (
                    <div className="row-actions">
                      {card.isDefault ? null : (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => void makeDefault(card)}
                          disabled={working !== null}
                          aria-label={`Make default: ${cardLabel(card)}`}
                        >
                          {working === card.id ? 'Saving…' : 'Make default'}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        onClick={() => {
                          setRemoveError(undefined);
                          setRemoving(card);
                        }}
                        disabled={working !== null}
                        aria-label={`Remove ${cardLabel(card)}`}
                      >
                        Remove
                      </button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {manage ? (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void addCard()} disabled={opening} aria-disabled={opening}>
            {opening ? (
              <>
                <span className="spinner spinner-small spinner-dark" aria-hidden="true" />
                Opening Stripe…
              </>
            ) : (
              'Add card'
            )}
          </button>
        </div>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title="Remove this card?"
        confirmLabel="Remove card"
        busyLabel="Removing…"
        danger
        busy={removeBusy}
        error={removeError}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      >
        <p>
          <strong>{removing ? cardLabel(removing) : ''}</strong> will be removed from your account.
        </p>
        {removing?.isDefault ? (
          <p>It is your default card: top-ups need a default card, and auto-charge turns off until you choose another.</p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
