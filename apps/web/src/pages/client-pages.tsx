// The onboarded client's pages (and `/`, which is the client's dashboard), loaded together as one chunk (see app.tsx).
import { CLIENT_WEBHOOKS } from '../api/webhooks';
import { DeliveryPage } from './webhooks/delivery-page';
import { EndpointPage } from './webhooks/endpoint-page';

export { ActivityPage } from './activity/activity-page';
export { AlertsPage } from './alerts/alerts-page';
export { BillingCardReturnPage } from './billing/card-return-page';
export { BillingPage } from './billing/billing-page';
export { ReceiptPage } from './billing/receipt-page';
export { PreferencesPage } from './dashboard/preferences-page';
export { HomePage } from './home-page';
export { IntegrationsPage } from './integrations/integrations-page';
export { LeadPage } from './leads/lead-page';
export { LeadsPage } from './leads/leads-page';
export { NotificationsPage } from './notifications/notifications-page';
export { PlanCheckoutPage } from './plans/checkout-page';
export { PlanPage } from './plans/plan-page';
export { TeamPage } from './team/team-page';
export { UsagePage } from './usage/usage-page';

export function ClientEndpointPage() {
  return <EndpointPage scope={CLIENT_WEBHOOKS} />;
}

export function ClientDeliveryPage() {
  return <DeliveryPage scope={CLIENT_WEBHOOKS} />;
}
