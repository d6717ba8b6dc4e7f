import type { CampaignContext } from './buyers.repository';
import type { EligibilityRecord } from './entities/lead.entity';
import { buyerBlock } from './lead-intake';
import type { Candidate } from './strategies';

/** A campaign's buyer, as distribution and pings weigh it. */
export type Sub = CampaignContext['subs'][number];

/** The subscriptions whose buyer can be offered the lead; the others' reasons go on the record. */
export function eligibleSubscriptions(ctx: CampaignContext): { candidates: Sub[]; record: EligibilityRecord[] } {
  const record: EligibilityRecord[] = [];
  const candidates = ctx.subs.filter((s) => {
    const reason = ineligibility(s, ctx.industry.id);
    if (reason) record.push({ clientId: s.clientId, eligible: false, reason });
    return reason === null;
  });
  return { candidates, record };
}

function ineligibility(s: Sub, industryId: string): 'unknown_buyer' | 'industry' | 'not_onboarded' | 'suspended' | null {
  if (!s.client) return 'unknown_buyer';
  if (s.client.industryId !== industryId) return 'industry';
  return buyerBlock(s.client, s.prefs);
}

/** What a buyer pays for a campaign's lead: its bid when above the campaign's price, else that price. */
export function priceFor(s: Pick<Sub, 'bid'>, basePrice: number): number {
  return Math.max(s.bid ?? 0, basePrice);
}

export const candidateOf = (s: Pick<Sub, 'clientId' | 'weight' | 'priority' | 'bid'>, basePrice: number): Candidate => ({
  clientId: s.clientId,
  weight: s.weight,
  priority: s.priority,
  price: priceFor(s, basePrice),
});
