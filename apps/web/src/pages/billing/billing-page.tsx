import {
  getBillingOptions,
  getBillingQueryKey,
  exportLedger,
  listLedgerQueryKey,
  listPaymentMethodsOptions,
  listPaymentMethodsQueryKey,
  listPaymentsQueryKey,
  type BillingSummaryDto,
  type MeDto,
  type PaymentDto,
} from '@leadflow/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { formatMoney, paymentInFlight } from '../../api/format';
import { billingTerms } from '../../api/money';
import { isOwner } from '../../api/team';
import { failureMessage, failureStatus } from '../../api/query';
import { useRefresh } from '../../api/use-refresh';
import { Page } from '../../components/page';
import { OwnersOnlyNote } from '../../components/owners-only-note';
import { QueryView } from '../../components/query-view';
import { Notice } from '../../components/states';
import { AutoChargeForm } from './auto-charge-form';
import { CardsSection } from './cards-section';
import { LedgerSection } from './ledger-section';
import { ApprovePayment, PaymentResult, PaymentTracker } from './payment-outcome';
import { InvoicesSection, PaymentsSection } from './payments-section';
import { TopUpDialog } from './top-up-dialog';
import { useMe } from '../../auth/auth-context';

/** What Billing may be told by the page that sent the client here. */
export interface BillingNotice {
  cardAdded?: boolean;
}

/** Non-billable accounts have no credit: say so plainly instead of showing empty money screens. */
function BillingUnavailable({ message }: { message?: string }) {
  return (
    <Page title="Billing">
      <section className="card narrow-card" aria-labelledby="billing-unavailable-title">
        <h1 id="billing-unavailable-title">Billing is not available for your account</h1>
        <p>
          {message && !/non-billable/i.test(message)
            ? message
            : 'Your account is not billed through LeadFlow credit, so there are no cards, top-ups or invoices to manage here.'}
        </p>
        <p className="muted">If you think this is wrong, contact the LeadFlow team.</p>
        <Link className="button" to="/">
          Back to dashboard
        </Link>
      </section>
    </Page>
  );
}

/** `onTopUp` is left out for members: they see the balance but cannot buy credit. */
function BalanceCard({ summary, canTopUp, onTopUp }: { summary: BillingSummaryDto; canTopUp: boolean; onTopUp?: () => void }) {
  const money = (n: number) => formatMoney(n, summary.currency);
  return (
    <section className="card balance-card" aria-labelledby="balance-title">
      <h2 id="balance-title">Balance</h2>
      <p id="balance-amount" className={summary.balance < 0 ? 'balance-amount balance-negative' : 'balance-amount'}>
        {money(summary.balance)}
      </p>
      <dl className="summary">
        <div>
          <dt>Credit limit</dt>
          <dd>
            {summary.creditLimit > 0
              ? `${money(summary.creditLimit)} (you can spend ${money(summary.balance + summary.creditLimit)})`
              : 'None: leads stop when credit runs out'}
          </dd>
        </div>
        <div>
          <dt>Terms</dt>
          <dd>{summary.weeklyTerms ? 'Invoiced weekly in arrears' : 'Prepaid credit'}</dd>
        </div>
        <div>
          <dt>Auto-charge</dt>
          <dd>
            {summary.autoCharge.enabled ? <span className="tag tag-success">On</span> : <span className="tag">Off</span>}
            {onTopUp || !summary.autoCharge.enabled ? null : (
              <span className="muted">{` buys ${money(summary.autoCharge.amount)} when the balance falls below ${money(summary.autoCharge.threshold)}`}</span>
            )}
          </dd>
        </div>
      </dl>
      {onTopUp ? (
        <>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={onTopUp}
              disabled={!canTopUp}
              aria-describedby={canTopUp ? undefined : 'top-up-needs-card'}
            >
              Top up
            </button>
          </div>
          {canTopUp ? null : (
            <p id="top-up-needs-card" className="field-hint">
              Add a card to top up.
            </p>
          )}
        </>
      ) : null}
    </section>
  );
}

/** A client's money: balance, cards, top-ups (with 3-D Secure), auto-charge, payments, invoices and the ledger. */
export function BillingPage() {
  const me = useMe();
  if (me.client?.billingMode !== 'billable') return <BillingUnavailable />;
  return <BillableBillingPage me={me} />;
}

function BillableBillingPage({ me }: { me: MeDto }) {
  // Members see the money but may not move it: the top-up, card and auto-charge controls are the owners'.
  const owner = isOwner(me);
  const location = useLocation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<BillingNotice>(() => (location.state as BillingNotice | null) ?? {});
  const queryClient = useQueryClient();
  const summary = useQuery(getBillingOptions());
  const cards = useQuery(listPaymentMethodsOptions());
  // Bumped when money moved, so the auto-charge form starts again from the saved settings.
  const [version, setVersion] = useState(0);
  const [topUpOpen, setTopUpOpen] = useState(false);
  // A top-up answered in this tab: shown when final, watched while Stripe is still confirming it.
  const [latest, setLatest] = useState<PaymentDto | null>(null);

  const returnedPayment = params.get('payment');
  const approving = params.get('authenticate');
  const cardCanceled = params.get('card') === 'canceled';

  const invalidate = useRefresh();
  const refresh = useCallback(() => {
    void invalidate(getBillingQueryKey, listPaymentsQueryKey, listLedgerQueryKey, listPaymentMethodsQueryKey);
    setVersion((n) => n + 1);
  }, [invalidate]);

  function clearParams() {
    setParams({}, { replace: true });
  }

  function dismissNotice() {
    setNotice({});
    // The router state would bring it back on reload.
    void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }

  if (summary.isError && !summary.data && failureStatus(summary.error) === 403)
    return <BillingUnavailable message={failureMessage(summary.error)} />;

  const hasCard = cards.data?.items.some((c) => c.isDefault) ?? false;

  return (
    <Page title="Billing" wide>
      <div className="page-head">
        <h1>Billing</h1>
        <p className="muted">Leads are paid for from your LeadFlow credit. Top up with a card, or let auto-charge do it for you.</p>
      </div>
      {owner ? null : (
        <OwnersOnlyNote>
          Only the account's owners can change billing: top up, add or remove cards, set up auto-charge and approve payments. You can see
          the balance, payments, invoices and the ledger.
        </OwnersOnlyNote>
      )}

      {notice.cardAdded ? (
        <Notice tone="success" onDismiss={dismissNotice}>
          Your card is saved.
        </Notice>
      ) : null}
      {cardCanceled ? (
        <Notice tone="info" onDismiss={clearParams}>
          You left Stripe's page without adding a card.
        </Notice>
      ) : null}
      {returnedPayment ? (
        <PaymentTracker key={returnedPayment} paymentId={returnedPayment} canApprove={owner} onSettled={refresh} onDismiss={clearParams} />
      ) : null}
      {approving ? (
        <ApprovePayment key={approving} paymentId={approving} canApprove={owner} onSettled={refresh} onDismiss={clearParams} />
      ) : null}
      {latest ? (
        paymentInFlight(latest.status) ? (
          <PaymentTracker key={latest.id} paymentId={latest.id} initial={latest} onSettled={refresh} onDismiss={() => setLatest(null)} />
        ) : (
          <PaymentResult payment={latest} onDismiss={() => setLatest(null)} />
        )
      ) : null}

      <QueryView query={summary} loading="Loading your balance…" failed="We couldn't load your balance.">
        {(data) => (
          <>
            <div className="billing-grid">
              <BalanceCard summary={data} canTopUp={hasCard} onTopUp={owner ? () => setTopUpOpen(true) : undefined} />
              <CardsSection
                manage={owner}
                onRemoved={(turnedOff) => {
                  if (turnedOff) refresh();
                }}
              />
            </div>
            {owner ? (
              <>
                <AutoChargeForm
                  key={version}
                  summary={data}
                  terms={billingTerms(data)}
                  hasCard={hasCard}
                  onSaved={(saved) => queryClient.setQueryData(getBillingQueryKey(), saved)}
                />
                <TopUpDialog
                  open={topUpOpen}
                  terms={billingTerms(data)}
                  currency={data.currency}
                  onClose={() => setTopUpOpen(false)}
                  onPayment={(payment) => {
                    setLatest(payment);
                    if (!paymentInFlight(payment.status)) refresh();
                  }}
                />
              </>
            ) : null}
          </>
        )}
      </QueryView>

      <PaymentsSection canApprove={owner} />
      <InvoicesSection />
      <LedgerSection exportCsv={(query) => exportLedger({ query, parseAs: 'text' })} />
    </Page>
  );
}
