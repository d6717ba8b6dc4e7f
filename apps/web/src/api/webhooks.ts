import {
  createEndpoint,
  type CreateEndpointDto,
  createPlatformEndpoint,
  deleteEndpoint,
  deletePlatformEndpoint,
  type DeliveryDto,
  type EndpointDto,
  type EndpointWithSecretDto,
  getAnyDeliveryOptions,
  getAnyEndpointOptions,
  getDeliveryOptions,
  getEndpointOptions,
  listAnyDeliveriesOptions,
  type ListDeliveriesData,
  listDeliveriesOptions,
  listEndpointsOptions,
  listEndpointsQueryKey,
  listPlatformEndpointsOptions,
  listPlatformEndpointsQueryKey,
  replayAnyDelivery,
  replayAnyFailedDeliveries,
  replayDelivery,
  type ReplayedDto,
  replayFailedDeliveries,
  rotateEndpointSecret,
  rotatePlatformEndpointSecret,
  sendAnyTestEvent,
  sendTestEvent,
  updateAnyEndpoint,
  updateEndpoint,
  type UpdateEndpointDto,
} from '@leadflow/api-client';
import type { QueryKey } from '@tanstack/react-query';
import type { SdkResult } from './api-result';

type Result<T> = Promise<SdkResult<T>>;
/**
 * The query options of the client's routes; the admin's answer in the same shapes, and their
 * options differ only in their key's type, so they are given as these.
 */
type EndpointsQuery = ReturnType<typeof listEndpointsOptions>;
type EndpointQuery = ReturnType<typeof getEndpointOptions>;
type DeliveriesQueryOptions = ReturnType<typeof listDeliveriesOptions>;
type DeliveryQuery = ReturnType<typeof getDeliveryOptions>;
export type DeliveriesQuery = NonNullable<ListDeliveriesData['query']>;
export type DeliveryStatus = DeliveryDto['status'];
export type EventType = DeliveryDto['eventType'];
export type SubscribableEventType = CreateEndpointDto['eventTypes'][number];

/**
 * Who is managing webhooks, and through which operations: a client (their own endpoints) or an
 * admin (platform endpoints, and any client's endpoint for reading, switching and replaying).
 * The screens are the same; only the calls and the paths differ.
 */
export interface WebhookScope {
  /** Where the endpoint pages live, and the name of the page there. */
  basePath: string;
  pageName: string;
  /** Admins see whose endpoint it is. */
  admin: boolean;
  list: (page: number, pageSize: number) => EndpointsQuery;
  /** Matches every page of that list, to mark it stale after a change. */
  listKey: () => QueryKey;
  create: (body: CreateEndpointDto) => Result<EndpointWithSecretDto>;
  get: (id: string) => EndpointQuery;
  update: (id: string, body: UpdateEndpointDto) => Result<EndpointDto>;
  remove: (id: string) => Result<unknown>;
  rotate: (id: string) => Result<EndpointWithSecretDto>;
  sendTest: (id: string) => Result<DeliveryDto>;
  deliveries: (id: string, query: DeliveriesQuery) => DeliveriesQueryOptions;
  replayFailed: (id: string, since: string) => Result<ReplayedDto>;
  delivery: (id: string) => DeliveryQuery;
  replay: (id: string) => Result<DeliveryDto>;
  /** May this caller delete the endpoint and rotate its secret? (Admins: platform endpoints only.) */
  owns: (endpoint: EndpointDto) => boolean;
}

export const CLIENT_WEBHOOKS: WebhookScope = {
  basePath: '/integrations',
  pageName: 'Integrations',
  admin: false,
  list: (page, pageSize) => listEndpointsOptions({ query: { page, pageSize } }),
  listKey: () => listEndpointsQueryKey(),
  create: (body) => createEndpoint({ body }),
  get: (id) => getEndpointOptions({ path: { id } }),
  update: (id, body) => updateEndpoint({ path: { id }, body }),
  remove: (id) => deleteEndpoint({ path: { id } }),
  rotate: (id) => rotateEndpointSecret({ path: { id } }),
  sendTest: (id) => sendTestEvent({ path: { id } }),
  deliveries: (id, query) => listDeliveriesOptions({ path: { id }, query }),
  replayFailed: (id, since) => replayFailedDeliveries({ path: { id }, body: { since } }),
  delivery: (id) => getDeliveryOptions({ path: { id } }),
  replay: (id) => replayDelivery({ path: { id } }),
  owns: () => true,
};

export const ADMIN_WEBHOOKS: WebhookScope = {
  basePath: '/admin/webhooks',
  pageName: 'Webhooks',
  admin: true,
  list: (page, pageSize) => listPlatformEndpointsOptions({ query: { page, pageSize } }) as EndpointsQuery,
  listKey: () => listPlatformEndpointsQueryKey(),
  create: (body) => createPlatformEndpoint({ body }),
  get: (id) => getAnyEndpointOptions({ path: { id } }) as EndpointQuery,
  update: (id, body) => updateAnyEndpoint({ path: { id }, body }),
  remove: (id) => deletePlatformEndpoint({ path: { id } }),
  rotate: (id) => rotatePlatformEndpointSecret({ path: { id } }),
  sendTest: (id) => sendAnyTestEvent({ path: { id } }),
  deliveries: (id, query) => listAnyDeliveriesOptions({ path: { id }, query }) as DeliveriesQueryOptions,
  replayFailed: (id, since) => replayAnyFailedDeliveries({ path: { id }, body: { since } }),
  delivery: (id) => getAnyDeliveryOptions({ path: { id } }) as DeliveryQuery,
  replay: (id) => replayAnyDelivery({ path: { id } }),
  owns: (endpoint) => endpoint.clientId === null,
};

type Tone = '' | 'tag-success' | 'tag-warning' | 'tag-danger';

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = { pending: 'Pending', succeeded: 'Succeeded', failed: 'Failed' };
export const DELIVERY_STATUSES = Object.keys(DELIVERY_STATUS_LABELS) as DeliveryStatus[];

/** A pending delivery that has been tried already is waiting for its next retry. */
export function deliveryStatusText(d: Pick<DeliveryDto, 'status' | 'attempts'>): string {
  return d.status === 'pending' && d.attempts > 0 ? 'Retrying' : DELIVERY_STATUS_LABELS[d.status];
}

export function deliveryStatusTone(d: Pick<DeliveryDto, 'status' | 'attempts'>): Tone {
  if (d.status === 'succeeded') return 'tag-success';
  if (d.status === 'failed') return 'tag-danger';
  return d.attempts > 0 ? 'tag-warning' : '';
}

/** "Active", or "Switched off" with the reason shown next to it (by its owner, or after a 410). */
export function endpointStateText(e: Pick<EndpointDto, 'active'>): string {
  return e.active ? 'Active' : 'Switched off';
}

export function endpointStateTone(e: Pick<EndpointDto, 'active'>): Tone {
  return e.active ? 'tag-success' : 'tag-warning';
}

/** The body as sent, indented for reading (left as it is when it is not JSON). */
export function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** A `datetime-local` value (the browser's local time) as an ISO instant; '' when empty or invalid. */
export function localToIso(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** A `datetime-local` value for `ms` ago, to the minute. */
export function localInputAgo(ms: number): string {
  const d = new Date(Date.now() - ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "12 Jan 2026, 14:03:07": deliveries and attempts are seconds apart. */
export function formatDateTimeSeconds(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(iso));
}

/** Every subscribable type chosen: say so instead of listing sixteen names. */
export function subscribesToAll(eventTypes: string[], catalog: { type: string; subscribable: boolean }[] | undefined): boolean {
  const all = catalog?.filter((t) => t.subscribable) ?? [];
  return all.length > 0 && all.every((t) => eventTypes.includes(t.type));
}
