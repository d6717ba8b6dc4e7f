import type { IntegrationStateDto } from '@leadflow/api-client';
import { INTEGRATION_NAMES, integrationStatusText, type IntegrationKind } from '../../api/format';

const ORDER: IntegrationKind[] = ['stripe_customer', 'leadbyte_buyer', 'xero_contact'];
const POLL_PENDING_MS = 2_000;
const POLL_WAITING_MS = 10_000;

export function sortIntegrations(items: IntegrationStateDto[]): IntegrationStateDto[] {
  return [...items].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/**
 * How often to read the registrations again (a query's `refetchInterval`): every 2 s while one is
 * pending, less often while one waits on something slow (Xero not connected yet, a rate limit),
 * not at all once they have all settled.
 */
export function integrationsPollInterval(integrations: IntegrationStateDto[] | undefined): number | false {
  if (integrations?.some((i) => i.status === 'pending')) return POLL_PENDING_MS;
  if (integrations?.some((i) => i.status === 'waiting')) return POLL_WAITING_MS;
  return false;
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
