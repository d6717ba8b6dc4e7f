import { getAccount, listIndustries, type LeadColumnDto } from '@leadflow/api-client';
import type { SdkResult } from '../../api/api-result';
import { useLoad, type LoadState } from '../../api/use-load';

/**
 * The client's industry's lead columns (labels, order): the account names the industry, the
 * public list describes it. An industry archived since sign-up is not listed: then there are no
 * columns and screens fall back to the fields' own keys.
 */
async function loadColumns(): Promise<SdkResult<LeadColumnDto[]>> {
  const account = (await getAccount()) as SdkResult<{ businessDetails: { industryId: string } | null }>;
  if (!account.data) return { error: account.error, response: account.response };
  const industries = (await listIndustries()) as SdkResult<Array<{ id: string; leadColumns: LeadColumnDto[] }>>;
  if (!industries.data) return { error: industries.error, response: industries.response };
  const industryId = account.data.businessDetails?.industryId;
  return { data: industries.data.find((i) => i.id === industryId)?.leadColumns ?? [], response: industries.response };
}

export function useLeadColumns(): LoadState<LeadColumnDto[]> {
  return useLoad(loadColumns);
}
