import {
  adminChangePlan,
  extendSubscription,
  getAdminSubscriptionCreditNotePdf,
  getAdminSubscriptionInvoicePdf,
  getClientSubscriptionOptions,
  getClientSubscriptionQueryKey,
  issueSubscriptionInvoice,
  listClientSubscriptionInvoicesOptions,
  listClientSubscriptionInvoicesQueryKey,
  listPlansOptions,
  voidSubscriptionInvoice,
  type ClientSubscriptionDto,
  type SubscriptionInvoiceDto,
} from '@leadflow/api-client';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { SdkResult } from '../../api/api-result';
import { useApiCall } from '../../api/connection';
import { saveBlob } from '../../api/download';
import { formatDate, formatDay, formatMoney } from '../../api/format';
import { planPriceText } from '../../api/plans';
import { useListParams } from '../../api/url-state';
import { useRefresh } from '../../api/use-refresh';
import { ConfirmDialog } from '../../components/confirm-dialog';
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
import { Modal } from '../../components/modal';
import { PagedList, QueryView } from '../../components/query-view';
import { Notice } from '../../components/states';
import { SubscriptionSummary } from '../plans/subscription-summary';

const STATUS: Record<SubscriptionInvoiceDto['status'], string> = { draft: 'Draft', open: 'Due', paid: 'Paid', void: 'Void' };
const LABELS = { planId: 'Plan', days: 'Days to add', reason: 'Reason' };

type Dialog = 'plan' | 'extend' | 'issue' | null;

/**
 * An admin's view of a client's plan and seats (the seat limit is set under Team): its status and
 * how overdue it is; put it on another plan or extend it (each with a reason for the activity log);
 * issue the next invoice; and its invoices, each voidable by a credit note.
 */
export function ClientSubscription({ clientId }: { clientId: string }) {
  const subscription = useQuery(getClientSubscriptionOptions({ path: { id: clientId } }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const close = () => setDialog(null);

  function changed(sub: ClientSubscriptionDto, text: string) {
    queryClient.setQueryData(getClientSubscriptionQueryKey({ path: { id: clientId } }), sub);
    close();
    setNotice(text);
  }

  return (
    <section className="section" aria-labelledby="client-subscription-title">
      <h2 id="client-subscription-title">Plan</h2>
      {notice ? (
        <Notice tone="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Notice>
      ) : null}
      <QueryView query={subscription} loading="Loading the plan…" failed="We couldn't load the client's plan.">
        {(sub) => (
          <>
            <SubscriptionSummary subscription={sub} />
            {sub.unpaidInvoice ? (
              <p>
                Unpaid: invoice {sub.unpaidInvoice.number}, {formatMoney(sub.unpaidInvoice.grossAmount, sub.plan.currency)}, due{' '}
                {formatDay(sub.unpaidInvoice.dueOn)}.
              </p>
            ) : null}
            {sub.scheduledFor && (sub.scheduledPlan || sub.scheduledAddOnSeats !== null) ? (
              <p className="muted">
                From {formatDate(sub.scheduledFor)}:{' '}
                {[
                  sub.scheduledPlan ? `the ${sub.scheduledPlan.name} plan` : null,
                  sub.scheduledAddOnSeats !== null ? `${sub.scheduledAddOnSeats} add-on seats` : null,
                ]
                  .filter(Boolean)
                  .join(' and ')}
                .
              </p>
            ) : null}
            <div className="row-actions">
              <button type="button" className="button" onClick={() => setDialog('plan')}>
                Change plan
              </button>
              <button type="button" className="button" onClick={() => setDialog('extend')} disabled={sub.currentPeriodEnd === null}>
                Extend validity
              </button>
              <button type="button" className="button" onClick={() => setDialog('issue')} disabled={sub.currentPeriodEnd === null}>
                Issue next invoice
              </button>
            </div>
            <Modal open={dialog === 'plan'} title="Change the client's plan" onClose={close}>
              <ChangePlanForm
                sub={sub}
                onCancel={close}
                submit={(planId, reason) => adminChangePlan({ path: { id: clientId }, body: { planId, reason } })}
                onDone={(next) => changed(next, `The client is on the ${next.plan.name} plan.`)}
              />
            </Modal>
            <Modal open={dialog === 'extend'} title="Extend validity" onClose={close}>
              <ExtendForm
                sub={sub}
                onCancel={close}
                submit={(days, reason) => extendSubscription({ path: { id: clientId }, body: { days, reason } })}
                onDone={(next) =>
                  changed(next, next.currentPeriodEnd ? `The plan is now valid until ${formatDate(next.currentPeriodEnd)}.` : 'Extended.')
                }
              />
            </Modal>
            <IssueDialog
              open={dialog === 'issue'}
              clientId={clientId}
              onClose={close}
              onIssued={(inv) => {
                close();
                setNotice(
                  `Invoice ${inv.number ?? ''} is issued: ${formatMoney(inv.grossAmount, inv.currency)}, due ${formatDay(inv.dueOn)}.`,
                );
                void refresh(
                  listClientSubscriptionInvoicesQueryKey({ path: { id: clientId } }),
                  getClientSubscriptionQueryKey({ path: { id: clientId } }),
                );
              }}
            />
          </>
        )}
      </QueryView>
      <ClientInvoices clientId={clientId} />
    </section>
  );
}

function ChangePlanForm({
  sub,
  onCancel,
  submit,
  onDone,
}: {
  sub: ClientSubscriptionDto;
  onCancel: () => void;
  submit: (planId: string, reason: string) => Promise<SdkResult<ClientSubscriptionDto>>;
  onDone: (sub: ClientSubscriptionDto) => void;
}) {
  const plans = useQuery(listPlansOptions());
  return (
    <QueryView query={plans} loading="Loading plans…" failed="We couldn't load the plans.">
      {(list) => (
        <ReasonForm
          onCancel={onCancel}
          submitLabel="Change plan"
          run={(form) => submit(formValue(form, 'planId'), formValue(form, 'reason'))}
          onDone={onDone}
          intro={`Now on ${sub.plan.name}. The change takes effect at once and charges nothing; from the free plan a paid plan runs one period from today.`}
        >
          {(errors) => (
            <SelectField name="planId" label={LABELS.planId} errors={errors.fields.planId} defaultValue="" required>
              <option value="" disabled>
                Choose a plan
              </option>
              {list
                .filter((p) => p.active && p.id !== sub.plan.id)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {`${p.name} · ${planPriceText(p)}${p.isPublic ? '' : ' (private)'}`}
                  </option>
                ))}
            </SelectField>
          )}
        </ReasonForm>
      )}
    </QueryView>
  );
}

function ExtendForm({
  sub,
  onCancel,
  submit,
  onDone,
}: {
  sub: ClientSubscriptionDto;
  onCancel: () => void;
  submit: (days: number, reason: string) => Promise<SdkResult<ClientSubscriptionDto>>;
  onDone: (sub: ClientSubscriptionDto) => void;
}) {
  return (
    <ReasonForm
      onCancel={onCancel}
      submitLabel="Extend"
      run={(form) => submit(Number(formValue(form, 'days')), formValue(form, 'reason'))}
      onDone={onDone}
      intro={`Valid until ${sub.currentPeriodEnd ? formatDate(sub.currentPeriodEnd) : '—'}. The days are free: no invoice is issued for them.`}
    >
      {(errors) => (
        <Field
          name="days"
          label={LABELS.days}
          type="number"
          inputMode="numeric"
          min={1}
          max={366}
          required
          hint="1 to 366."
          errors={errors.fields.days}
        />
      )}
    </ReasonForm>
  );
}

/** A small form with a reason for the activity log; the API's refusal beside its field or above. */
function ReasonForm<T>({
  intro,
  submitLabel,
  children,
  run,
  onCancel,
  onDone,
}: {
  intro: string;
  submitLabel: string;
  children: (errors: FormErrors) => ReactNode;
  run: (form: FormData) => Promise<SdkResult<T>>;
  onCancel: () => void;
  onDone: (data: T) => void;
}) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const outcome = await call(run(new FormData(event.currentTarget)));
    setBusy(false);
    if (outcome.ok) onDone(outcome.data);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
      <p className="muted">{intro}</p>
      {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
      {children(errors)}
      <Field name="reason" label={LABELS.reason} required maxLength={200} hint="For the activity log." errors={errors.fields.reason} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <SubmitButton busy={busy} busyLabel="Saving…">
          {submitLabel}
        </SubmitButton>
      </div>
    </form>
  );
}

function IssueDialog({
  open,
  clientId,
  onClose,
  onIssued,
}: {
  open: boolean;
  clientId: string;
  onClose: () => void;
  onIssued: (invoice: SubscriptionInvoiceDto) => void;
}) {
  const call = useApiCall();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  async function confirm() {
    setBusy(true);
    setError(undefined);
    const outcome = await call(issueSubscriptionInvoice({ path: { id: clientId }, body: {} }));
    setBusy(false);
    if (outcome.ok) onIssued(outcome.data);
    else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }
  return (
    <ConfirmDialog
      open={open}
      title="Issue the next invoice?"
      confirmLabel="Issue invoice"
      busyLabel="Issuing…"
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
    >
      <p>The invoice for the next period is numbered and sent to the client now; the card is charged on its due date.</p>
    </ConfirmDialog>
  );
}

/** The client's subscription invoices: status with the paid date, PDFs, and Void (with a reason) on an open one. */
function ClientInvoices({ clientId }: { clientId: string }) {
  const call = useApiCall();
  const refresh = useRefresh();
  const list = useListParams([], 'invoices');
  const invoices = useQuery({
    ...listClientSubscriptionInvoicesOptions({ path: { id: clientId }, query: { page: list.page, pageSize: 10 } }),
    placeholderData: keepPreviousData,
  });
  const [voiding, setVoiding] = useState<SubscriptionInvoiceDto | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);

  async function download(inv: SubscriptionInvoiceDto, credit: boolean) {
    setError(undefined);
    const outcome = await call(
      credit
        ? getAdminSubscriptionCreditNotePdf({ path: { id: inv.id }, parseAs: 'blob' })
        : getAdminSubscriptionInvoicePdf({ path: { id: inv.id }, parseAs: 'blob' }),
    );
    if (outcome.ok) saveBlob(`leadflow-${credit ? 'credit-note' : 'invoice'}-${inv.number ?? inv.id}.pdf`, outcome.data as Blob);
    else if (outcome.failure.kind === 'api') setNotice(outcome.failure.message);
  }

  async function confirmVoid() {
    if (!voiding) return;
    if (!reason.trim()) return setError('Say why, for the credit note and the activity log.');
    setBusy(true);
    setError(undefined);
    const outcome = await call(voidSubscriptionInvoice({ path: { id: voiding.id }, body: { reason: reason.trim() } }));
    setBusy(false);
    if (outcome.ok) {
      setNotice(
        `Invoice ${voiding.number ?? ''} is void${outcome.data.creditNote ? `: credit note ${outcome.data.creditNote.number}` : ''}.`,
      );
      setVoiding(null);
      setReason('');
      void refresh(
        listClientSubscriptionInvoicesQueryKey({ path: { id: clientId } }),
        getClientSubscriptionQueryKey({ path: { id: clientId } }),
      );
    } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  return (
    <div className="subsection">
      <h3 id="client-invoices-title">Subscription invoices</h3>
      {notice ? (
        <Notice tone="info" onDismiss={() => setNotice(null)}>
          {notice}
        </Notice>
      ) : null}
      <PagedList
        query={invoices}
        loading="Loading invoices…"
        failed="We couldn't load the client's invoices."
        empty="No subscription invoices yet."
        noun={['invoice', 'invoices']}
        onPage={list.setPage}
      >
        {(items) => (
          <table>
            <caption className="visually-hidden">The client's subscription invoices, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Period</th>
                <th scope="col">Total</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((inv) => (
                <tr key={inv.id}>
                  <td data-label="Number">{inv.number ?? <span className="muted">Draft</span>}</td>
                  <td data-label="Period">
                    {formatDay(inv.periodStart.slice(0, 10))} – {formatDay(inv.periodEnd.slice(0, 10))}
                  </td>
                  <td data-label="Total">{formatMoney(inv.grossAmount, inv.currency)}</td>
                  <td data-label="Status">
                    {STATUS[inv.status]}
                    {inv.status === 'paid' && inv.paidAt ? ` on ${formatDate(inv.paidAt)}` : ''}
                    {inv.status === 'open' ? `, by ${formatDay(inv.dueOn)}` : ''}
                    {inv.status === 'open' && inv.attempts > 0
                      ? ` · ${inv.attempts} failed ${inv.attempts === 1 ? 'charge' : 'charges'}`
                      : ''}
                    {inv.lastFailure && inv.status === 'open' ? <span className="field-hint"> {inv.lastFailure}</span> : null}
                  </td>
                  <td data-label="Actions">
                    <div className="row-actions">
                      {inv.number ? (
                        <button type="button" className="button button-small" onClick={() => void download(inv, false)}>
                          PDF<span className="visually-hidden"> of invoice {inv.number}</span>
                        </button>
                      ) : null}
                      {inv.creditNote ? (
                        <button type="button" className="button button-small" onClick={() => void download(inv, true)}>
                          Credit note {inv.creditNote.number}
                          <span className="visually-hidden"> (PDF)</span>
                        </button>
                      ) : null}
                      {inv.status === 'open' ? (
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={() => setVoiding(inv)}
                          aria-label={`Void invoice ${inv.number}`}
                        >
                          Void
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
      <ConfirmDialog
        open={voiding !== null}
        title={`Void invoice ${voiding?.number ?? ''}?`}
        confirmLabel="Void invoice"
        busyLabel="Voiding…"
        busy={busy}
        error={error}
        danger
        onConfirm={() => void confirmVoid()}
        onCancel={() => {
          setVoiding(null);
          setReason('');
          setError(undefined);
        }}
      >
        <p>A credit note cancels it and the client is no longer asked to pay it. A paid invoice is refunded instead, not voided.</p>
        <Field
          name="voidReason"
          label="Reason for voiding"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          required
        />
      </ConfirmDialog>
    </div>
  );
}
