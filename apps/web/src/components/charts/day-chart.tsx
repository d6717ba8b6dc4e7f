// The only module that imports Recharts: loaded lazily (see day-series-card.tsx), so the charting
// library is fetched with the first chart, never with the app's first load.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartSeries {
  /** The field of each row this series plots. */
  key: string;
  label: string;
  kind: 'bar' | 'line';
  color: string;
  /** The value as the tooltip and the table show it ("£25.00", "3"). */
  format: (value: number) => string;
  /** The value as a tick on its axis, shorter ("£25", "3"). */
  tick: (value: number) => string;
  /** A second series with other units goes on the right-hand axis. */
  axis?: 'left' | 'right';
  /** Counts: whole ticks only. */
  whole?: boolean;
}

export interface ChartRow {
  /** "26 Nov", the x-axis label. */
  label: string;
  [key: string]: number | string;
}

const MUTED = '#5a6478';
const GRID = '#e4e7ec';

/** Days along the bottom; each series a bar or a line; a tooltip on hover. Screen readers get the card's summary and table instead. */
export default function DayChart({ rows, series }: { rows: ChartRow[]; series: ChartSeries[] }) {
  const right = series.find((s) => s.axis === 'right');
  const left = series.find((s) => s.axis !== 'right') ?? series[0];
  const byKey = new Map(series.map((s) => [s.key, s]));
  return (
    <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 320, height: 200 }}>
      <ComposedChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: right ? 0 : 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID} />
        <XAxis
          dataKey="label"
          tick={{ fontSize: 12, fill: MUTED }}
          tickLine={false}
          axisLine={{ stroke: GRID }}
          interval="preserveStartEnd"
          minTickGap={18}
        />
        <YAxis
          yAxisId="left"
          tick={{ fontSize: 12, fill: MUTED }}
          tickLine={false}
          axisLine={false}
          width={52}
          allowDecimals={!left?.whole}
          tickFormatter={(v: number) => left?.tick(v) ?? String(v)}
        />
        {right ? (
          <YAxis
            yAxisId="right"
            orientation="right"
            tick={{ fontSize: 12, fill: MUTED }}
            tickLine={false}
            axisLine={false}
            width={56}
            allowDecimals={!right.whole}
            tickFormatter={(v: number) => right.tick(v)}
          />
        ) : null}
        <Tooltip
          cursor={{ fill: 'rgb(29 78 216 / 8%)' }}
          formatter={(value, _name, item) => {
            const s = byKey.get(String(item.dataKey));
            return [s ? s.format(Number(value)) : String(value), s?.label ?? ''];
          }}
        />
        {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 13 }} /> : null}
        {series.map((s) =>
          s.kind === 'line' ? (
            <Line
              key={s.key}
              yAxisId={s.axis ?? 'left'}
              type="linear"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ) : (
            <Bar
              key={s.key}
              yAxisId={s.axis ?? 'left'}
              dataKey={s.key}
              name={s.label}
              fill={s.color}
              radius={[3, 3, 0, 0]}
              maxBarSize={24}
              isAnimationActive={false}
            />
          ),
        )}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
