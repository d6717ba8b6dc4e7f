import { batchesByEndpoint, WEBHOOK_JOB_BATCH } from './webhook-relay';

describe('batchesByEndpoint', () => {
  const due = (endpoint: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${endpoint}-${i}`, endpoint_id: endpoint }));

  it('puts each endpoint’s deliveries in jobs of its own, at most WEBHOOK_JOB_BATCH each, in their order', () => {
    const a = due('a', WEBHOOK_JOB_BATCH * 2 + 3);
    const b = due('b', 2);
    const mixed = [...a.slice(0, 5), ...b, ...a.slice(5)];
    const batches = batchesByEndpoint(mixed);
    expect(batches.map((x) => x.length)).toEqual([WEBHOOK_JOB_BATCH, WEBHOOK_JOB_BATCH, 3, 2]);
    for (const batch of batches) expect(new Set(batch.map((d) => d.endpoint_id)).size).toBe(1);
    expect(batches.flat().filter((d) => d.endpoint_id === 'a')).toEqual(a);
    expect(batches.flat()).toHaveLength(mixed.length);
  });

  it('makes no job of nothing', () => {
    expect(batchesByEndpoint([])).toEqual([]);
  });
});
