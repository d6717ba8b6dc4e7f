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

/** The subscribed types by their names (the code when the catalog is not there yet), or "All event types". */
export function EventTypeList({ endpoint, catalog }: { endpoint: EndpointDto; catalog: EventTypeDto[] | undefined }) {
  if (subscribesToAll(endpoint.eventTypes, catalog)) return <span>All event types ({endpoint.eventTypes.length})</span>;
  return (
    <ul className="event-type-list" aria-label="Event types">
      {endpoint.eventTypes.map((t) => (
        <li key={t}>{catalog?.find((c) => c.type === t)?.name ?? <code>{t}</code>}</li>
      ))}
    </ul>
  );
}
