import type { IntegrationStateDto } from '@leadflow/api-client';
import { useEffect, useRef, useState } from 'react';
import type { SdkResult } from '../../api/api-result';
import { useApiCall } from '../../api/connection';
import { INTEGRATION_NAMES, integrationStatusText, type IntegrationKind } from '../../api/format';

const ORDER: IntegrationKind[] = ['stripe_customer', 'leadbyte_buyer', 'xero_contact'];
const POLL_PENDING_MS = 2_000;
const POLL_WAITING_MS = 10_000;

export function sortIntegrations(items: IntegrationStateDto[]): IntegrationStateDto[] {
  return [...items].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/**
 * Re-reads the registrations while any is still under way: every 2 s while one is pending, less
 * often while one waits on something slow (Xero not connected yet, a rate limit).
 */
export function useIntegrationPolling(
  integrations: IntegrationStateDto[] | undefined,
  load: () => Promise<SdkResult<{ integrations: IntegrationStateDto[] }>>,
  apply: (next: IntegrationStateDto[]) => void,
): void {
  const call = useApiCall();
  const [tick, setTick] = useState(0);
  // The latest closures, so the timer restarts only on its own tick, not on every render.
  const latest = useRef({ load, apply });
  useEffect(() => {
    latest.current = { load, apply };
  });
  const pending = integrations?.some((i) => i.status === 'pending') ?? false;
  const waiting = integrations?.some((i) => i.status === 'waiting') ?? false;

  useEffect(() => {
    if (!pending && !waiting) return;
    let active = true;
    const timer = setTimeout(
      () =>
        void call(latest.current.load()).then((outcome) => {
          if (!active) return;
          if (outcome.ok) latest.current.apply(outcome.data.integrations);
          setTick((n) => n + 1);
        }),
      pending ? POLL_PENDING_MS : POLL_WAITING_MS,
    );
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [pending, waiting, tick, call]);
}

/** "Stripe: ready", "Xero: waiting: …", "LeadByte: failed: …". */
export function IntegrationsPanel({ integrations, title = 'Account set-up' }: { integrations: IntegrationStateDto[]; title?: string }) {
  if (integrations.length === 0) return null;
  const busy = integrations.some((i) => i.status === 'pending');
  return (
    <section className="card integrations" aria-labelledby="integrations-title" aria-busy={busy}>
      <h2 id="integrations-title">{title}</h2>
      <p className="muted">We register your business with our payment, lead and accounting partners.</p>
      <ul className="integration-list" aria-live="polite">
        {sortIntegrations(integrations).map((i) => (
          <li key={i.kind} className={`integration integration-${i.status}`}>
            <span className="integration-dot" aria-hidden="true" />
            <span>
              <strong>{INTEGRATION_NAMES[i.kind]}:</strong> {integrationStatusText(i)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
