import type { Strategy } from '../catalog';

export interface Candidate {
  clientId: string;
  weight: number;
  priority: number;
  /** What this buyer pays for the lead (its bid, else the campaign's price): waterfall offers the highest first. */
  price?: number;
}

/**
 * The order in which buyers are offered a lead: the first that can take it gets it (broadcast:
 * every one that can). `cursor` is the campaign's shared round-robin position; `random` is
 * injectable for tests.
 */
export function offerOrder(strategy: Strategy, candidates: Candidate[], cursor: number, random: () => number = Math.random): Candidate[] {
  const stable = [...candidates].sort((a, b) => a.clientId.localeCompare(b.clientId));
  switch (strategy) {
    case 'round_robin': {
      if (stable.length === 0) return stable;
      const start = ((cursor % stable.length) + stable.length) % stable.length;
      return [...stable.slice(start), ...stable.slice(0, start)];
    }
    case 'weighted':
      // Efraimidis–Spirakis: key = u^(1/w), highest first. The first pick is proportional to weight,
      // and the rest is a weighted fallback order.
      return stable
        .map((c) => ({ c, key: Math.pow(Math.max(random(), Number.EPSILON), 1 / Math.max(1, c.weight)) }))
        .sort((a, b) => b.key - a.key)
        .map((x) => x.c);
    case 'waterfall':
      // Highest price first (a bid above the campaign's price goes ahead), then by priority.
      return stable.sort((a, b) => (b.price ?? 0) - (a.price ?? 0) || a.priority - b.priority || a.clientId.localeCompare(b.clientId));
    case 'broadcast':
      return stable;
  }
}
