import { listSmsNumbersOptions, removeSmsNumber, type SmsNumberDto, type SmsNumberListDto } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatMoney } from '../../api/format';
import { phoneText } from '../../api/notifications';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { QueryView } from '../../components/query-view';
import { EmptyState, Notice } from '../../components/states';
import { AddNumberForm } from './add-number-form';
import { SmsNumberCard } from './sms-number-card';
import { useSmsNumbersCache } from './use-sms-numbers';

/** The API takes at most this many numbers a person. */
const MAX_NUMBERS = 5;

/** While a just-asked-for code is on its way (the worker texts it), read the list again to learn when it arrived. */
const codeOnItsWay = (list: SmsNumberListDto | undefined) =>
  list?.items.some((n) => !n.verified && !n.codeExpiresAt && n.canResendAt && Date.parse(n.canResendAt) > Date.now()) ?? false;

function HowTextsWork({ list, billable }: { list: SmsNumberListDto; billable: boolean }) {
  return (
    <div className="sms-terms">
      <p>
        {billable
          ? `Each text costs ${formatMoney(list.pricePerSegment)} a segment, taken from your credit. A segment is up to 160 characters: most alerts are one. Verification codes are free.`
          : 'Your account is not billed through LeadFlow credit, so texts cost you nothing.'}
      </p>
      <p>
        New-lead texts that fall in a number's quiet hours are not sent, and not held back for later: the lead is waiting in LeadFlow. When
        more than a few leads arrive within a minute, the rest come as one summary text.
      </p>
      <p>
        <Link to="/usage">What your texts cost each month</Link> · <Link to="/notifications">Every text and email sent</Link>
      </p>
    </div>
  );
}

/** The signed-in person's own numbers for text alerts: add, verify, choose what each gets, remove. */
export function TextAlertsSection({ billable }: { billable: boolean }) {
  const call = useApiCall();
  const numbers = useQuery({ ...listSmsNumbersOptions(), refetchInterval: (q) => (codeOnItsWay(q.state.data) ? 2_000 : false) });
  const { put, drop } = useSmsNumbersCache();
  const [message, setMessage] = useState<string | null>(null);
  const [removing, setRemoving] = useState<SmsNumberDto | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<string | undefined>(undefined);

  async function remove() {
    if (!removing) return;
    setRemoveBusy(true);
    const outcome = await call(removeSmsNumber({ path: { id: removing.id } }));
    setRemoveBusy(false);
    if (outcome.ok) {
      drop(removing.id);
      setMessage(`${phoneText(removing.phone)} is removed: no more texts go to it.`);
      setRemoving(null);
    } else if (outcome.failure.kind === 'api') {
      setRemoveError(outcome.failure.message);
    }
  }

  function changed(before: SmsNumberDto, after: SmsNumberDto) {
    put(after);
    if (!before.verified && after.verified) setMessage(`${phoneText(after.phone)} is verified. Choose below which texts it gets.`);
  }

  return (
    <section className="card form-card text-alerts" aria-labelledby="text-alerts-title">
      <h2 id="text-alerts-title">Text alerts</h2>
      <p className="muted">Texts to your own mobile numbers; everyone in your team adds their own.</p>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <QueryView query={numbers} loading="Loading your numbers…" failed="We couldn't load your numbers.">
        {(list) => (
          <>
            {list.available ? (
              <HowTextsWork list={list} billable={billable} />
            ) : (
              <Notice tone="info">
                Text alerts are not set up on this LeadFlow yet, so numbers can't be added and no texts are sent. Your emails still arrive
                as usual.
              </Notice>
            )}
            {list.items.length > 0 ? (
              <ul className="sms-number-list" aria-label="Your mobile numbers">
                {list.items.map((n) => (
                  <SmsNumberCard
                    key={n.id}
                    number={n}
                    billable={billable}
                    onChanged={(after) => changed(n, after)}
                    onRemove={() => {
                      setRemoveError(undefined);
                      setRemoving(n);
                    }}
                  />
                ))}
              </ul>
            ) : list.available ? (
              <EmptyState>No numbers yet. Add your mobile to get a text when a lead arrives.</EmptyState>
            ) : null}
            {!list.available ? null : list.items.length >= MAX_NUMBERS ? (
              <p className="field-hint">{`You have ${MAX_NUMBERS} numbers, the most one person can have: remove one to add another.`}</p>
            ) : (
              <AddNumberForm
                onAdded={(added) => {
                  put(added);
                  setMessage(null);
                }}
              />
            )}
          </>
        )}
      </QueryView>
      <ConfirmDialog
        open={removing !== null}
        title="Remove this number?"
        confirmLabel="Remove number"
        busyLabel="Removing…"
        danger
        busy={removeBusy}
        error={removeError}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      >
        <p>
          <strong>{removing ? phoneText(removing.phone) : ''}</strong> will get no more texts from LeadFlow. To use it again, you add it and
          verify it anew.
        </p>
      </ConfirmDialog>
    </section>
  );
}
