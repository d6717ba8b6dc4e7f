import { listPublicPlansOptions } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { billingPeriodText, planPriceText, planSeatsText } from '../api/plans';
import { formatMoney } from '../api/format';
import { useAuth } from '../auth/auth-context';
import { AuthLayout } from '../components/auth-layout';
import { QueryView } from '../components/query-view';
import { EmptyState } from '../components/states';

/** The plans on sale, for anyone (signed in or not). Leads are paid for apart, from prepaid credit. */
export function PricingPage() {
  const plans = useQuery(listPublicPlansOptions());
  const { state } = useAuth();
  // A signed-in client changes plan on its Plan page (with the plan picked); a visitor registers with it.
  const client = state.status === 'signed-in' && state.me.role === 'client';
  const choose = (id: string) => (client ? `/plan?change=${id}` : `/register?plan=${id}`);
  return (
    <AuthLayout
      title="Pricing"
      intro={<p>Your LeadFlow account’s plan. Leads are paid for separately, from the credit you top up.</p>}
      footer={
        <p>
          <Link to="/register">Create an account</Link> · <Link to="/login">Log in</Link>
        </p>
      }
    >
      <QueryView query={plans} loading="Loading plans…" failed="We couldn't load the plans.">
        {(list) =>
          list.length === 0 ? (
            <EmptyState>No plans are on sale just now.</EmptyState>
          ) : (
            <ul className="plan-list" aria-label="Plans">
              {list.map((plan) => (
                <li key={plan.id} className="plan-card">
                  <h2>{plan.name}</h2>
                  <p className="plan-price">{planPriceText(plan)}</p>
                  {plan.monthlyPrice > 0 ? <p className="muted">{formatMoney(plan.monthlyGross, plan.currency)} a month with VAT</p> : null}
                  <p>{planSeatsText(plan)}</p>
                  {plan.monthlyPrice > 0 ? <p className="muted">{billingPeriodText(plan)}</p> : null}
                  {plan.monthlyPrice > 0 ? (
                    <Link className="button button-primary" to={choose(plan.id)}>
                      Choose {plan.name}
                    </Link>
                  ) : client ? null : (
                    <Link className="button" to="/register">
                      Start free
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
    </AuthLayout>
  );
}
