import type { EndpointDto, EventTypeDto } from '@leadflow/api-client';
import { endpointStateText, endpointStateTone, subscribesToAll } from '../../api/webhooks';

/** "Active", or "Switched off" and why (its owner did, or the endpoint answered 410). */
export function EndpointState({ endpoint }: { endpoint: EndpointDto }) {
  return (
    <span className="endpoint-state">
      <span className={`tag ${endpointStateTone(endpoint)}`}>{endpointStateText(endpoint)}</span>
      {!endpoint.active && endpoint.disabledReason ? <span className="endpoint-reason">{endpoint.disabledReason}</span> : null}
    </span>
  );
}

/** The subscribed types as code, or "All event types" when that is what they are. */
export function EventTypeList({ endpoint, catalog }: { endpoint: EndpointDto; catalog: EventTypeDto[] | undefined }) {
  if (subscribesToAll(endpoint.eventTypes, catalog)) return <span>All event types ({endpoint.eventTypes.length})</span>;
  return (
    <ul className="event-type-list" aria-label="Event types">
      {endpoint.eventTypes.map((t) => (
        <li key={t}>
          <code>{t}</code>
        </li>
      ))}
    </ul>
  );
}
