// The admin pages, loaded together as one chunk (see app.tsx).
import { ADMIN_WEBHOOKS } from '../api/webhooks';
import { DeliveryPage } from './webhooks/delivery-page';
import { EndpointPage } from './webhooks/endpoint-page';

export { AdminLeadsPage } from './admin/admin-leads-page';
export { CampaignsPage } from './admin/campaigns-page';
export { ClientPage } from './admin/client-page';
export { ClientsPage } from './admin/clients-page';
export { IndustriesPage } from './admin/industries-page';
export { InvitesPage } from './admin/invites-page';
export { PlansPage } from './admin/plans-page';
export { AdminOverviewPage } from './admin/overview-page';
export { PrivacyPage } from './admin/privacy-page';
export { ReportsPage } from './admin/reports-page';
export { SuppliersPage } from './admin/suppliers-page';
export { AdminUsagePage } from './admin/usage-page';
export { WebhooksPage } from './admin/webhooks-page';
export { XeroPage } from './admin/xero-page';

/** Any endpoint, a client's included: linked from the failing endpoints. */
export function AdminEndpointPage() {
  return <EndpointPage scope={ADMIN_WEBHOOKS} />;
}

export function AdminDeliveryPage() {
  return <DeliveryPage scope={ADMIN_WEBHOOKS} />;
}
