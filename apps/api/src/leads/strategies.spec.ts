import { offerOrder, type Candidate } from './strategies';

const buyers = (weights: number[]): Candidate[] => weights.map((weight, i) => ({ clientId: `client-${i}`, weight, priority: 10 - i }));

/** A seeded generator, so the property runs the same every time. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('offer order', () => {
  it('round robin spreads 1,000 leads over 5 buyers within ±1 each', () => {
    const list = buyers([1, 1, 1, 1, 1]);
    const counts = new Map<string, number>();
    for (let cursor = 0; cursor < 1_000; cursor += 1) {
      const first = offerOrder('round_robin', list, cursor)[0]!.clientId;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    expect([...counts.values()].every((n) => Math.abs(n - 200) <= 1)).toBe(true);
  });

  it('round robin falls through the rotation in a stable order whatever order buyers are listed in', () => {
    const list = buyers([1, 1, 1]);
    expect(offerOrder('round_robin', [...list].reverse(), 1).map((c) => c.clientId)).toEqual(['client-1', 'client-2', 'client-0']);
  });

  it('weighted picks in proportion to weight: 10,000 leads within ±3 % of the weights', () => {
    const weights = [1, 2, 3, 4, 10];
    const total = weights.reduce((a, b) => a + b, 0);
    const random = mulberry32(42);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i += 1) {
      const first = offerOrder('weighted', buyers(weights), 0, random)[0]!.clientId;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    weights.forEach((w, i) => {
      const share = (counts.get(`client-${i}`) ?? 0) / 10_000;
      expect(Math.abs(share - w / total)).toBeLessThanOrEqual(0.03);
    });
  });

  it('waterfall offers by priority, highest (1) first', () => {
    const list: Candidate[] = [
      { clientId: 'a', weight: 1, priority: 3 },
      { clientId: 'b', weight: 1, priority: 1 },
      { clientId: 'c', weight: 1, priority: 2 },
    ];
    expect(offerOrder('waterfall', list, 0).map((c) => c.clientId)).toEqual(['b', 'c', 'a']);
  });

  it('waterfall offers the highest bid first, then by priority', () => {
    const list: Candidate[] = [
      { clientId: 'a', weight: 1, priority: 1, price: 1_000 },
      { clientId: 'b', weight: 1, priority: 3, price: 1_500 },
      { clientId: 'c', weight: 1, priority: 2, price: 1_500 },
    ];
    expect(offerOrder('waterfall', list, 0).map((c) => c.clientId)).toEqual(['c', 'b', 'a']);
  });

  it('broadcast offers everyone', () => {
    expect(offerOrder('broadcast', buyers([1, 5, 9]), 7)).toHaveLength(3);
  });
});
