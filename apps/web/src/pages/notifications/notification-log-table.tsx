import type { NotificationLogItemDto } from '@leadflow/api-client';
import { formatDateTime, formatMoney } from '../../api/format';
import { CHANNEL_LABELS, isEventType, notificationTypeLabel, OUTCOME_LABELS, OUTCOME_TONES } from '../../api/notifications';

function TypeCell({ type }: { type: string }) {
  return isEventType(type) ? <code>{type}</code> : <>{notificationTypeLabel(type)}</>;
}

/** The outcome as a badge, and the channel's own word for it when it says more ("delivered", "suppressed"). */
function StatusCell({ item }: { item: NotificationLogItemDto }) {
  const label = OUTCOME_LABELS[item.outcome];
  // One element in the cell: on a phone the cell is a grid of its label and its content.
  return (
    <span>
      <span className={`tag ${OUTCOME_TONES[item.outcome]}`}>{label}</span>
      {item.status.toLowerCase() !== label.toLowerCase() ? <span className="muted"> {item.status}</span> : null}
    </span>
  );
}

/** One page of the notification log: when, how, what about, to whom, what became of it, its cost and why. */
export function NotificationLogTable({ items, caption }: { items: NotificationLogItemDto[]; caption: string }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Channel</th>
          <th scope="col">Type</th>
          <th scope="col">Recipient</th>
          <th scope="col">Status</th>
          <th scope="col" className="numeric">
            Cost
          </th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={`${item.channel}:${item.id}`}>
            <td data-label="Time">{formatDateTime(item.at)}</td>
            <td data-label="Channel">{CHANNEL_LABELS[item.channel]}</td>
            <td data-label="Type">
              <TypeCell type={item.type} />
            </td>
            <td data-label="Recipient">{item.recipient}</td>
            <td data-label="Status">
              <StatusCell item={item} />
            </td>
            <td data-label="Cost" className="numeric">
              {item.channel === 'sms' ? formatMoney(item.cost) : <span className="muted">—</span>}
            </td>
            <td data-label="Detail">
              {item.detail ? (
                <span className={item.outcome === 'failed' ? 'failure-reason' : 'failure-detail'}>{item.detail}</span>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
