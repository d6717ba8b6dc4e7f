import { getAccountOptions, listIndustriesOptions, type LeadColumnDto } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { allOf } from '../../components/query-view';

/**
 * The client's industry's lead columns (labels, order): the account names the industry, the
 * public list describes it. An industry archived since sign-up is not listed: then there are no
 * columns and screens fall back to the fields' own keys.
 */
export function useLeadColumns() {
  const both = allOf(useQuery(getAccountOptions()), useQuery(listIndustriesOptions()));
  const [account, industries] = both.data ?? [];
  const industryId = account?.businessDetails?.industryId;
  const data: LeadColumnDto[] | undefined = industries && (industries.find((i) => i.id === industryId)?.leadColumns ?? []);
  return { ...both, data };
}
