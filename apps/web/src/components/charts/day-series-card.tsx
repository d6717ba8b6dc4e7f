import type { DaySeriesDto } from '@leadflow/api-client';
import { lazy, Suspense } from 'react';
import { formatMoney } from '../../api/format';
import './charts.css';
import type { ChartRow, ChartSeries } from './day-chart';

const DayChart = lazy(() => import('./day-chart'));

const utcDay = (date: string) => new Date(`${date}T00:00:00Z`);
const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** An axis tick for money in minor units: "£30", "£22.50", "£1.2K". */
export function moneyTick(currency: string): (minor: number) => string {
  const compact = new Intl.NumberFormat('en-GB', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  return (minor) => (minor >= 100_000 || minor % 100 === 0 ? compact.format(minor / 100) : formatMoney(minor, currency));
}

type SeriesKey = 'leads' | 'spend';
export type DaySeries = ChartSeries & { key: SeriesKey };

/** What the chart shows, in a sentence: the total and the busiest day of each series. */
export function describeSeries(days: DaySeriesDto[], series: DaySeries[]): string {
  return series
    .map((s) => {
      const total = days.reduce((sum, d) => sum + d[s.key], 0);
      if (total === 0) return `${s.label}: none in the last ${days.length} days.`;
      const peak = days.reduce((best, d) => (d[s.key] > best[s.key] ? d : best));
      return `${s.label}: ${s.format(total)} in the last ${days.length} days; the highest day was ${longDay.format(utcDay(peak.date))} with ${s.format(peak[s.key])}.`;
    })
    .join(' ');
}

/**
 * A card with a chart of the last 30 days (one row a day). The chart is for the eye only: its
 * summary sentence and the table under "Show the numbers" carry the same facts for everyone.
 */
export function DaySeriesCard({ id, title, days, series }: { id: string; title: string; days: DaySeriesDto[]; series: DaySeries[] }) {
  const rows: ChartRow[] = days.map((d) => ({ label: shortDay.format(utcDay(d.date)), leads: d.leads, spend: d.spend }));
  return (
    <section className="card chart-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="muted chart-summary">{describeSeries(days, series)}</p>
      <div className="chart-frame" aria-hidden="true">
        <Suspense fallback={<div className="chart-placeholder" />}>
          <DayChart rows={rows} series={series} />
        </Suspense>
      </div>
      <details className="disclosure">
        <summary>Show the numbers</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{`${title}, one row a day, oldest first`}</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="numeric">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.date}>
                  <th scope="row" data-label="Day">
                    {longDay.format(utcDay(d.date))}
                  </th>
                  {series.map((s) => (
                    <td key={s.key} data-label={s.label} className="numeric">
                      {s.format(d[s.key])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
