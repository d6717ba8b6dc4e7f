import { waitForQueuesToDrain } from './utils/queues';
import { TestApp, newUser } from './utils/test-app';

describe('welcome email', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ worker: false }); // the API alone: nothing consumes the queues
  });
  afterAll(async () => {
    await t.close();
  });

  it('is queued by the API and sent once by the worker process, not by the API', async () => {
    const body = newUser();
    await t.http().post('/api/auth/register').send(body).expect(201);

    const queue = t.queue('notifications');
    const counts = await queue.getJobCounts();
    expect(counts.waiting).toBe(1);
    const [job] = await queue.getJobs(['waiting']);
    expect(job?.name).toBe('email.welcome');
    expect(Object.keys(job?.data ?? {})).toEqual(['userId']); // ids only, no personal data in Redis

    // Give a wrongly wired API-side consumer every chance to act: the job must still be waiting.
    await new Promise((r) => setTimeout(r, 500));
    expect((await queue.getJobCounts()).waiting).toBe(1);
    expect(t.inbox.to(body.email)).toHaveLength(0);

    await t.startWorker();
    await waitForQueuesToDrain([queue]);
    const [mail] = await t.inbox.waitFor(body.email);
    expect(mail?.subject).toBe('Welcome to LeadFlow');
    expect(mail?.text).toContain('Hi Ada');
    expect(mail?.html).toContain('Continue setting up');
    expect((await queue.getJobCounts()).completed).toBe(1);
    expect(t.inbox.to(body.email)).toHaveLength(1);
  });
});
