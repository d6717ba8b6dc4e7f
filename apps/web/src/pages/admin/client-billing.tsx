import {
  adjustCredit,
  getClientBillingOptions,
  getClientBillingQueryKey,
  getClientLedgerQueryKey,
  getClientPaymentsOptions,
  getClientPaymentsQueryKey,
  getClientReceiptPdf,
  resendClientInvoice,
  setCreditTerms,
  type BillingSummaryDto,
  type PaymentDto,
} from '@leadflow/api-client';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { saveBlob } from '../../api/download';
import { formatDateTime, formatMoney, formatSignedMoney } from '../../api/format';
import { useIdempotencyKey } from '../../api/idempotency';
import { parsePounds, poundsInput } from '../../api/money';
import { useListParams } from '../../api/url-state';
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
import { PagedList, QueryView } from '../../components/query-view';
import { Notice } from '../../components/states';
import { LedgerSection } from '../billing/ledger-section';
import { PaymentsTable } from '../billing/payments-table';

const ADJUSTMENT_LABELS = { amount: 'Amount (£)', reason: 'Reason' };
const TERMS_LABELS = { creditLimit: 'Credit limit (£)', weeklyTerms: 'Weekly terms' };

function BillingSummary({ summary }: { summary: BillingSummaryDto }) {
  const money = (n: number) => formatMoney(n, summary.currency);
  const auto = summary.autoCharge;
  return (
    <dl className="summary">
      <div>
        <dt>Balance</dt>
        <dd>
          <strong id="client-balance" className={summary.balance < 0 ? 'balance-negative' : undefined}>
            {money(summary.balance)}
          </strong>
        </dd>
      </div>
      <div>
        <dt>Credit limit</dt>
        <dd>{summary.creditLimit > 0 ? money(summary.creditLimit) : 'None'}</dd>
      </div>
      <div>
        <dt>Terms</dt>
        <dd>{summary.weeklyTerms ? 'Weekly invoice in arrears' : 'Prepaid credit'}</dd>
      </div>
      <div>
        <dt>Auto-charge</dt>
        <dd>
          {auto.enabled ? `On: ${money(auto.amount)} when below ${money(auto.threshold)}` : 'Off'}
          {auto.disabledReason ? <div className="muted">{auto.disabledReason}</div> : null}
          {auto.consecutiveFailures > 0 ? (
            <div className="failure-reason">
              {auto.consecutiveFailures} failed in a row{auto.retryAfter ? `; next try after ${formatDateTime(auto.retryAfter)}` : ''}
            </div>
          ) : null}
        </dd>
      </div>
    </dl>
  );
}

/** A signed credit or debit with a reason, confirmed first; the Idempotency-Key makes a retried click apply once. */
function AdjustmentForm({
  clientId,
  name,
  currency,
  onApplied,
}: {
  clientId: string;
  name: string;
  currency: string;
  onApplied: (message: string) => void;
}) {
  const call = useApiCall();
  const idempotency = useIdempotencyKey();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [pending, setPending] = useState<{ amount: number; reason: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | undefined>(undefined);
  useFocusFirstError(formRef, errors);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const amount = parsePounds(formValue(form, 'amount'), { signed: true });
    const reason = formValue(form, 'reason');
    const fields: Record<string, string[]> = {};
    if (amount === null) fields.amount = ['Enter pounds, like 25.00 to add credit or -25.00 to take it away.'];
    else if (amount === 0) fields.amount = ['The amount must not be zero.'];
    if (!reason) fields.reason = ['Say why, for the activity log.'];
    if (amount === null || amount === 0 || !reason) return setErrors({ fields });
    setErrors(noErrors);
    setDialogError(undefined);
    setPending({ amount, reason });
  }

  async function apply() {
    if (!pending) return;
    setBusy(true);
    const outcome = await call(
      adjustCredit({
        path: { id: clientId },
        body: pending,
        headers: { 'Idempotency-Key': idempotency.keyFor(`${pending.amount}|${pending.reason}`) },
      }),
    );
    idempotency.settle(outcome);
    setBusy(false);
    if (outcome.ok) {
      setPending(null);
      formRef.current?.reset();
      onApplied(
        `Adjustment of ${formatSignedMoney(outcome.data.amount, outcome.data.currency)} applied. The balance is now ${formatMoney(outcome.data.balanceAfter, outcome.data.currency)}.`,
      );
    } else if (outcome.failure.kind === 'api') {
      const formErrors = toFormErrors(outcome.failure, ADJUSTMENT_LABELS);
      if (Object.keys(formErrors.fields).length > 0) {
        setPending(null);
        setErrors(formErrors);
      } else {
        setDialogError(formErrors.message ?? outcome.failure.message);
      }
    }
  }

  return (
    <section className="card" aria-labelledby="adjust-title">
      <h2 id="adjust-title">Adjust credit</h2>
      <form ref={formRef} onSubmit={onSubmit} noValidate>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="amount"
          label={ADJUSTMENT_LABELS.amount}
          inputMode="decimal"
          autoComplete="off"
          placeholder="25.00 or -25.00"
          errors={errors.fields.amount}
          hint="Positive adds credit; negative (with a minus sign) takes it away."
        />
        <Field
          name="reason"
          label={ADJUSTMENT_LABELS.reason}
          autoComplete="off"
          maxLength={500}
          errors={errors.fields.reason}
          hint="Recorded in the ledger and the activity log."
        />
        <div className="form-actions">
          <SubmitButton busy={false} busyLabel="">
            Review adjustment
          </SubmitButton>
        </div>
      </form>
      <ConfirmDialog
        open={pending !== null}
        title={pending && pending.amount < 0 ? 'Take credit away?' : 'Add credit?'}
        confirmLabel="Apply adjustment"
        busyLabel="Applying…"
        danger={pending !== null && pending.amount < 0}
        busy={busy}
        error={dialogError}
        onConfirm={() => void apply()}
        onCancel={() => setPending(null)}
      >
        {pending ? (
          <>
            <p>
              {pending.amount < 0 ? 'Take' : 'Add'} <strong>{formatMoney(Math.abs(pending.amount), currency)}</strong>{' '}
              {pending.amount < 0 ? 'from' : 'to'} <strong>{name}</strong>'s credit.
            </p>
            <p className="muted">Reason: {pending.reason}</p>
          </>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}

function CreditTermsForm({
  clientId,
  summary,
  onSaved,
}: {
  clientId: string;
  summary: BillingSummaryDto;
  onSaved: (next: BillingSummaryDto) => void;
}) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const creditLimit = parsePounds(formValue(form, 'creditLimit'));
    if (creditLimit === null) return setErrors({ fields: { creditLimit: ['Enter pounds, like 500 or 500.00 (0 for none).'] } });
    setErrors(noErrors);
    setBusy(true);
    const outcome = await call(
      setCreditTerms({ path: { id: clientId }, body: { weeklyTerms: form.get('weeklyTerms') === 'on', creditLimit } }),
    );
    setBusy(false);
    if (outcome.ok) {
      onSaved(outcome.data);
      setSaved(true);
    } else if (outcome.failure.kind === 'api') {
      setErrors(toFormErrors(outcome.failure, TERMS_LABELS));
    }
  }

  return (
    <section className="card" aria-labelledby="terms-title">
      <h2 id="terms-title">Credit terms</h2>
      {saved ? (
        <Notice tone="success" onDismiss={() => setSaved(false)}>
          Credit terms saved.
        </Notice>
      ) : null}
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <label className="check toggle">
          <input type="checkbox" name="weeklyTerms" defaultChecked={summary.weeklyTerms} />
          <span>Weekly terms: invoice the week's leads in arrears</span>
        </label>
        <Field
          name="creditLimit"
          label={TERMS_LABELS.creditLimit}
          inputMode="decimal"
          autoComplete="off"
          defaultValue={poundsInput(summary.creditLimit)}
          errors={errors.fields.creditLimit}
          hint="How far below zero the balance may go."
        />
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save terms
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

function ClientPayments({ clientId }: { clientId: string }) {
  const call = useApiCall();
  const refresh = useRefresh();
  const list = useListParams([], 'payments');
  const payments = useQuery({
    ...getClientPaymentsOptions({ path: { id: clientId }, query: { page: list.page, pageSize: 10 } }),
    placeholderData: keepPreviousData,
  });
  const [resending, setResending] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  async function resend(p: PaymentDto) {
    setResending(p.id);
    setMessage(null);
    const outcome = await call(resendClientInvoice({ path: { id: p.id } }));
    setResending(null);
    if (outcome.ok) {
      setMessage({ tone: 'success', text: 'The invoice is on its way to the client again.' });
      void refresh(getClientPaymentsQueryKey({ path: { id: clientId } }));
    } else if (outcome.failure.kind === 'api') {
      setMessage({ tone: 'error', text: outcome.failure.message });
    }
  }

  async function downloadReceipt(p: PaymentDto) {
    setDownloading(p.id);
    setMessage(null);
    const outcome = await call(getClientReceiptPdf({ path: { id: clientId, paymentId: p.id }, parseAs: 'blob' }));
    setDownloading(null);
    if (outcome.ok) saveBlob(`leadflow-receipt-${p.id}.pdf`, outcome.data as Blob);
    else if (outcome.failure.kind === 'api') setMessage({ tone: 'error', text: outcome.failure.message });
  }

  return (
    <section className="section" aria-labelledby="client-payments-title">
      <h2 id="client-payments-title">Payments</h2>
      {message ? (
        <Notice tone={message.tone} onDismiss={() => setMessage(null)}>
          {message.text}
        </Notice>
      ) : null}
      <PagedList
        query={payments}
        loading="Loading payments…"
        failed="We couldn't load the payments."
        empty="No payments yet."
        noun={['payment', 'payments']}
        onPage={list.setPage}
      >
        {(items) => (
          <PaymentsTable
            payments={items}
            caption="The client's payments, newest first"
            details={(p) =>
              p.status === 'succeeded' || p.kind === 'weekly_request' ? (
                <div className="row-actions">
                  {p.status === 'succeeded' ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => void downloadReceipt(p)}
                      disabled={downloading !== null}
                      aria-label={`Download the VAT receipt for ${formatMoney(p.grossAmount, p.currency)} (PDF)`}
                    >
                      {downloading === p.id ? 'Preparing…' : 'Receipt PDF'}
                    </button>
                  ) : null}
                  {p.kind === 'weekly_request' && p.hostedInvoiceUrl ? (
                    <a href={p.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                      View invoice
                    </a>
                  ) : null}
                  {p.kind === 'weekly_request' && p.status !== 'succeeded' && p.status !== 'canceled' ? (
                    <button type="button" className="button button-small" onClick={() => void resend(p)} disabled={resending !== null}>
                      {resending === p.id ? 'Sending…' : 'Resend invoice'}
                    </button>
                  ) : null}
                </div>
              ) : null
            }
          />
        )}
      </PagedList>
    </section>
  );
}

/** Everything billing about one billable client, for an admin. */
export function ClientBilling({ clientId, name }: { clientId: string; name: string }) {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const summary = useQuery(getClientBillingOptions({ path: { id: clientId } }));
  const [message, setMessage] = useState<string | null>(null);
  const data = summary.data;

  return (
    <>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <div className="dashboard-grid">
        <section className="card" aria-labelledby="client-billing-title" aria-busy={summary.isFetching}>
          <h2 id="client-billing-title">Billing</h2>
          <QueryView query={summary} loading="Loading billing…" failed="We couldn't load the billing summary.">
            {(loaded) => <BillingSummary summary={loaded} />}
          </QueryView>
        </section>
        {data ? (
          <AdjustmentForm
            clientId={clientId}
            name={name}
            currency={data.currency}
            onApplied={(text) => {
              setMessage(text);
              const path = { id: clientId };
              void refresh(getClientBillingQueryKey({ path }), getClientPaymentsQueryKey({ path }), getClientLedgerQueryKey({ path }));
            }}
          />
        ) : null}
        {data ? (
          <CreditTermsForm
            clientId={clientId}
            summary={data}
            onSaved={(saved) => queryClient.setQueryData(getClientBillingQueryKey({ path: { id: clientId } }), saved)}
          />
        ) : null}
      </div>
      <ClientPayments clientId={clientId} />
      <LedgerSection clientId={clientId} />
    </>
  );
}
