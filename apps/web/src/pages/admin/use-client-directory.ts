import { listClients, type AdminClientSummaryDto } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';

/** Enough for every client LeadFlow has today; the admin screens only need names and industries. */
const MAX_PAGES = 20;
const PAGE_SIZE = 100;

async function loadAll({ signal }: { signal: AbortSignal }): Promise<AdminClientSummaryDto[]> {
  const all: AdminClientSummaryDto[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const { data } = await listClients({ query: { page, pageSize: PAGE_SIZE }, signal, throwOnError: true });
    all.push(...data.items);
    if (data.items.length < PAGE_SIZE || all.length >= data.meta.total) break;
  }
  return all;
}

/** The cache key of the directory: a change to a client's name or industry refreshes it. */
export const CLIENT_DIRECTORY_KEY = ['clientDirectory'] as const;

/** Every client, for names next to ids and for choosing buyers. */
export function useClientDirectory() {
  return useQuery({ queryKey: CLIENT_DIRECTORY_KEY, queryFn: loadAll });
}

export function clientName(clients: AdminClientSummaryDto[] | undefined, id: string): string {
  const client = clients?.find((c) => c.id === id);
  return client?.businessName ?? client?.ownerEmail ?? 'Unknown client';
}
