import type { ClientSubscriptionDto } from '@leadflow/api-client';
import type { ReactNode } from 'react';
import { formatDate } from '../../api/format';
import { planPriceText } from '../../api/plans';

const STATUS_TEXT: Record<ClientSubscriptionDto['status'], string> = {
  active: 'Active',
  past_due: 'Payment overdue',
  suspended: 'Suspended',
  canceled: 'Canceled',
};

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * A subscription's facts, as the client's Plan page and the admin's client page show them;
 * `compact` (the dashboard's card) keeps the plan, the seats and how long it runs.
 */
export function SubscriptionSummary({ subscription: sub, compact = false }: { subscription: ClientSubscriptionDto; compact?: boolean }) {
  const extra = [sub.addOnSeats ? `${sub.addOnSeats} bought` : null, sub.compedSeats ? `${sub.compedSeats} free from us` : null].filter(
    Boolean,
  );
  return (
    <dl className="summary">
      <Fact term="Plan">{sub.plan.monthlyPrice === 0 ? sub.plan.name : `${sub.plan.name} · ${planPriceText(sub.plan)}`}</Fact>
      {compact ? null : (
        <Fact term="Status">
          <span className={`tag ${sub.status === 'active' ? 'tag-success' : 'tag-warning'}`}>{STATUS_TEXT[sub.status]}</span>
          {sub.cancelAtPeriodEnd ? ' Ends at the end of the period.' : null}
        </Fact>
      )}
      {sub.pastDueSince ? <Fact term="Overdue since">{formatDate(sub.pastDueSince)}</Fact> : null}
      {sub.suspendedAt ? (
        <Fact term="Suspended since">{formatDate(sub.suspendedAt)}</Fact>
      ) : sub.status === 'past_due' && sub.graceEndsAt ? (
        <Fact term="Suspended from">{formatDate(sub.graceEndsAt)} if still unpaid</Fact>
      ) : null}
      <Fact term="Seats">
        <span className="subscription-seats">
          {sub.seatsUsed} of {sub.seatLimit} seats used
        </span>
        <span className="muted">
          {' '}
          ({sub.plan.seatsIncluded} with the plan{extra.length ? `, ${extra.join(', ')}` : ''})
        </span>
      </Fact>
      <Fact term="Valid until">{sub.currentPeriodEnd ? formatDate(sub.currentPeriodEnd) : 'No end date (free plan)'}</Fact>
      {compact ? null : <Fact term="Next bill">{sub.nextBillAt ? formatDate(sub.nextBillAt) : 'None'}</Fact>}
      {compact || !sub.canceledAt ? null : <Fact term="Canceled">{formatDate(sub.canceledAt)}</Fact>}
    </dl>
  );
}
