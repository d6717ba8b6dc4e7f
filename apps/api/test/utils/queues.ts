import type { Queue } from 'bull';

/**
 * Waits until the queues have nothing waiting, active or delayed. Fails on a hard timeout, or
 * early when nothing moves for `stallMs` while work remains (a consumer is missing or stuck).
 */
export async function waitForQueuesToDrain(queues: Queue[], { timeoutMs = 20_000, stallMs = 5_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProgress = Date.now();
  let last = '';
  while (Date.now() < deadline) {
    // Repeatable jobs (the weekly invoice run) always wait for their next time: they are not pending work.
    const counts = await Promise.all(
      queues.map(async (q) => {
        const c = await q.getJobCounts();
        const delayed = c.delayed > 0 ? (await q.getDelayed()).filter((j) => !j.opts.repeat).length : 0;
        return { ...c, delayed };
      }),
    );
    const pending = counts.reduce((n, c) => n + c.waiting + c.active + c.delayed, 0);
    if (pending === 0) return;
    const snapshot = JSON.stringify(counts);
    if (snapshot !== last) {
      last = snapshot;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > stallMs) {
      throw new Error(`Queues stalled with work pending: ${queues.map((q, i) => `${q.name}=${JSON.stringify(counts[i])}`).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Queues did not drain within ${timeoutMs} ms`);
}
