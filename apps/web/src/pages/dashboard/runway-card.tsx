import type { AutoChargeStateDto, RunwayDto } from '@leadflow/api-client';
import { Link } from 'react-router-dom';
import { formatMoney } from '../../api/format';

const WHEN = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const WHEN_WITH_YEAR = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Tue 26 Nov, 11:00" (with the year when it is not this year's), in the reader's time zone. */
export function formatWhen(iso: string, now = new Date()): string {
  const at = new Date(iso);
  return (at.getFullYear() === now.getFullYear() ? WHEN : WHEN_WITH_YEAR).format(at);
}

/**
 * The forecast in words. `runsOutAt` is null when nothing was spent in the basis days or the credit
 * lasts past the 90-day horizon; `autoChargeAt` is null when auto-charge is off or not needed within it.
 */
export function runwaySentence(runway: RunwayDto, autoCharge: AutoChargeStateDto | null, currency: string, now = new Date()): string {
  const money = (n: number) => formatMoney(n, currency);
  // The present first: a forecast must not say the credit lasts while leads are being refused.
  if (runway.refusingNow)
    return autoCharge?.enabled
      ? `Leads are being refused now: your balance can't pay for the next lead. Auto-charge is buying ${money(runway.autoChargeAmount ?? autoCharge.amount)} of credit; leads resume once it is paid.`
      : "Leads are being refused now: your balance can't pay for the next lead. Top up to start receiving leads again.";
  if (runway.spend <= 0) return `No leads were charged in the last ${runway.basisDays} days, so there is no rate to forecast from yet.`;
  const credit = runway.runsOutAt
    ? `At this rate your credit lasts until ${formatWhen(runway.runsOutAt, now)}`
    : 'At this rate your credit lasts more than 90 days';
  if (!autoCharge?.enabled) return `${credit}. Auto-charge is off, so leads stop when it runs out.`;
  const amount = money(runway.autoChargeAmount ?? autoCharge.amount);
  if (!runway.autoChargeAt)
    return `${credit}; auto-charge (${amount} when the balance falls below ${money(autoCharge.threshold)}) is not expected to be needed in the next 90 days.`;
  const topUp = `auto-charge will top up ${amount} around ${formatWhen(runway.autoChargeAt, now)}`;
  // The API puts the auto-charge no later than the run-out (a refused lead starts one).
  return `${credit}; ${topUp}.`;
}

/** When the balance runs out at the recent rate, whether auto-charge steps in first, and how that is worked out. */
export function RunwayCard({
  runway,
  autoCharge,
  currency,
}: {
  runway: RunwayDto;
  autoCharge: AutoChargeStateDto | null;
  currency: string;
}) {
  const money = (n: number) => formatMoney(n, currency);
  return (
    <section className="card runway-card" aria-labelledby="runway-title">
      <h2 id="runway-title">How long your credit lasts</h2>
      <p id="runway-text" className="runway-text">
        {runwaySentence(runway, autoCharge, currency)}
      </p>
      {runway.spend > 0 ? (
        <p className="muted">
          Based on {money(runway.spend)} of leads in the last {runway.basisDays} days, about {money(runway.averageDailySpend)} a day.
        </p>
      ) : null}
      <details className="disclosure runway-method">
        <summary>How is this worked out?</summary>
        <p>{runway.method}</p>
        <p>
          Change auto-charge or top up in <Link to="/billing">Billing</Link>.
        </p>
      </details>
    </section>
  );
}
