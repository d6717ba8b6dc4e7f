import Bull from 'bull';
import { ParkedJobsRelay } from '../src/core/queue/parked-jobs-relay';
import { registerClient } from './utils/actors';
import { TestApp } from './utils/test-app';

/** Jobs an earlier release left behind (queues `notifications` and `autocharge`, Xero jobs on `integrations`) run after a deploy. */
describe('Queues renamed by domain: jobs of the old queues', () => {
  let t: TestApp;
  const legacy: Bull.Queue[] = [];
  const oldQueue = (name: string) => {
    const q = new Bull(name, t.config.redisUrl.reveal(), { prefix: `${t.config.redisPrefix}:bull` });
    legacy.push(q);
    return q;
  };

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
  });
  afterAll(async () => {
    await Promise.all(legacy.map((q) => q.close()));
    await t.close();
  });

  it('moves waiting and delayed jobs of the old queues to the queues that run them now, and they run there', async () => {
    const ada = await registerClient(t);
    // The welcome email as the previous release queued it: on `notifications`, not yet taken.
    await t.queue('email').empty();
    const notifications = oldQueue('notifications');
    await notifications.add('email.welcome', { userId: ada.userId }, { jobId: `old-welcome:${ada.userId}` });
    await notifications.add(
      'webhook.deliver',
      { deliveryId: '00000000-0000-4000-8000-000000000000', attempt: 1 },
      { jobId: 'old-webhook', delay: 3_600_000 },
    );
    const autocharge = oldQueue('autocharge');
    await autocharge.add('autocharge.run', { clientId: ada.clientId }, { jobId: `old-autocharge:${ada.clientId}`, delay: 3_600_000 });
    await autocharge.add('billing.weekly-invoices', {}, { repeat: { cron: '0 9 * * 1' }, jobId: 'weekly-invoices' });
    await t
      .queue('integrations')
      .add('xero.invoice', { paymentId: '00000000-0000-4000-8000-000000000001' }, { jobId: 'old-xero', delay: 3_600_000 });

    await t.startWorker();

    const [welcome] = await t.inbox.waitFor(ada.email);
    expect(welcome.subject).toMatch(/welcome/i);
    expect(await t.queue('webhooks').getJob('old-webhook')).toMatchObject({ name: 'webhook.deliver', data: { attempt: 1 } });
    const charge = await t.queue('billing').getJob(`old-autocharge:${ada.clientId}`);
    expect(charge).toMatchObject({ name: 'autocharge.run', data: { clientId: ada.clientId } });
    expect(await charge!.isDelayed()).toBe(true);
    expect(await t.queue('billing').getJob('old-xero')).toMatchObject({ name: 'xero.invoice' });
    expect(await t.queue('integrations').getJob('old-xero')).toBeNull();
    expect(await notifications.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0 });
    expect(await autocharge.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0 });
    expect(await autocharge.getRepeatableJobs()).toEqual([]);
  });

  it('hands a job parked in PostgreSQL under an old queue name to the queue that runs it now', async () => {
    await t.db.query(
      `INSERT INTO parked_jobs (queue, name, data, opts, run_at, reason)
       VALUES ('autocharge', 'autocharge.run', '{"clientId":"00000000-0000-4000-8000-000000000002"}', '{"jobId":"parked-old","delay":3600000}', now() + interval '1 hour', 'test')`,
    );
    await t.worker!.get(ParkedJobsRelay).tick();
    expect(await t.queue('billing').getJob('parked-old')).toMatchObject({ name: 'autocharge.run' });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM parked_jobs`)).toEqual([{ n: 0 }]);
  });
});
