import { getUsageOptions, type UsageDto } from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { formatDay, formatMoney } from '../../api/format';
import { CHANNEL_LABELS, formatMonth, type LogChannel } from '../../api/notifications';
import { useMonthParam } from '../../api/url-state';
import { useMe } from '../../auth/auth-context';
import { MonthView } from '../../components/month-switcher';
import { Page } from '../../components/page';
import { EmptyState } from '../../components/states';

const channelLabel = (channel: string) => CHANNEL_LABELS[channel as LogChannel] ?? channel;

function TotalsTable({ usage }: { usage: UsageDto }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{`Totals for ${formatMonth(usage.month)}, by channel`}</caption>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col" className="numeric">
              Messages
            </th>
            <th scope="col" className="numeric">
              Segments
            </th>
            <th scope="col" className="numeric">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {usage.totals.map((t) => (
            <tr key={t.channel}>
              <td data-label="Channel">{channelLabel(t.channel)}</td>
              <td data-label="Messages" className="numeric">
                {t.messages}
              </td>
              <td data-label="Segments" className="numeric">
                {t.units}
              </td>
              <td data-label="Amount" className="numeric">
                {formatMoney(t.amount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DaysTable({ usage }: { usage: UsageDto }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{`Texts per day in ${formatMonth(usage.month)}`}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Channel</th>
            <th scope="col" className="numeric">
              Messages
            </th>
            <th scope="col" className="numeric">
              Segments
            </th>
            <th scope="col" className="numeric">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {usage.days.map((d) => (
            <tr key={`${d.day}:${d.channel}`}>
              <td data-label="Day">{formatDay(d.day)}</td>
              <td data-label="Channel">{channelLabel(d.channel)}</td>
              <td data-label="Messages" className="numeric">
                {d.messages}
              </td>
              <td data-label="Segments" className="numeric">
                {d.units}
              </td>
              <td data-label="Amount" className="numeric">
                {formatMoney(d.amount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MonthUsage({ usage }: { usage: UsageDto }) {
  if (usage.totals.every((t) => t.messages === 0)) return <EmptyState>No texts this month.</EmptyState>;
  return (
    <>
      <section className="section" aria-labelledby="usage-totals-title">
        <h2 id="usage-totals-title">Totals</h2>
        <TotalsTable usage={usage} />
      </section>
      <section className="section" aria-labelledby="usage-days-title">
        <h2 id="usage-days-title">By day</h2>
        <DaysTable usage={usage} />
      </section>
    </>
  );
}

/** `/usage`: what the client's text alerts cost, a month at a time, by channel and by day. */
export function UsagePage() {
  const billable = useMe().client?.billingMode === 'billable';
  const [month, setMonth] = useMonthParam();
  const usage = useQuery({ ...getUsageOptions({ query: month ? { month } : {} }), placeholderData: keepPreviousData });

  return (
    <Page title="Usage" wide>
      <div className="page-head">
        <h1>Usage</h1>
        <p className="muted">
          What your text alerts cost, a month at a time (days in your account's time zone). The amount is what was taken from your credit,
          less refunds for texts that could not be delivered; verification codes are free.
        </p>
        <p>
          <Link to="/alerts">Text alerts</Link> · <Link to="/notifications?channel=sms">Every text in the notification log</Link>
        </p>
      </div>
      <MonthView query={usage} month={month} onMonth={setMonth} loading="Loading your usage…" failed="We couldn't load your usage.">
        {(data) => (
          <>
            <p className="muted">
              {billable
                ? `Each text costs ${formatMoney(data.pricePerSegment)} a segment.`
                : 'Your account is not billed through LeadFlow credit: texts are counted here but cost you nothing.'}
            </p>
            <MonthUsage usage={data} />
          </>
        )}
      </MonthView>
    </Page>
  );
}
