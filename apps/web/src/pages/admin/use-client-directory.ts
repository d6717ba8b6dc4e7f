import { listClients, type AdminClientSummaryDto } from '@leadflow/api-client';
import type { SdkResult } from '../../api/api-result';
import { useLoad, type LoadState } from '../../api/use-load';

/** Enough for every client LeadFlow has today; the admin screens only need names and industries. */
const MAX_PAGES = 20;
const PAGE_SIZE = 100;

async function loadAll(): Promise<SdkResult<AdminClientSummaryDto[]>> {
  const all: AdminClientSummaryDto[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const result = (await listClients({ query: { page, pageSize: PAGE_SIZE } })) as SdkResult<{
      items: AdminClientSummaryDto[];
      meta: { total: number };
    }>;
    if (!result.data) return { error: result.error, response: result.response };
    all.push(...result.data.items);
    if (result.data.items.length < PAGE_SIZE || all.length >= result.data.meta.total) return { data: all, response: result.response };
  }
  return { data: all, response: new Response(null, { status: 200 }) };
}

/** Every client, for names next to ids and for choosing buyers. */
export function useClientDirectory(): LoadState<AdminClientSummaryDto[]> {
  return useLoad(loadAll);
}

export function clientName(clients: AdminClientSummaryDto[] | undefined, id: string): string {
  const client = clients?.find((c) => c.id === id);
  return client?.businessName ?? client?.ownerEmail ?? 'Unknown client';
}
