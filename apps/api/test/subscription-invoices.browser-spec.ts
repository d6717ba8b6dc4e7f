import { bearer, connectXero, createAdmin, createIndustry, onboardBillable } from './utils/actors';
import { logInThroughForm } from './utils/browser';
import { browserSuite } from './utils/browser-suite';

/** onboardBillable signs people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';

describe('subscription invoices in the screens', () => {
  const suite = browserSuite();

  it('lists a client’s invoices on its Plan page with number, period, total and status; a free client sees the empty state', async () => {
    const { t, web } = suite;
    const admin = await createAdmin(t);
    await connectXero(t, admin);
    const industry = await createIndustry(t, admin);
    const paid = await onboardBillable(t, industry.id);
    const free = await onboardBillable(t, industry.id);
    const plan = (
      await t
        .http()
        .post('/api/admin/plans')
        .set(bearer(admin))
        .send({
          name: `Team ${Date.now()}`,
          monthlyPrice: 4_900,
          seatsIncluded: 3,
          seatPrice: 1_000,
          billingPeriod: 'monthly',
          isPublic: false,
        })
        .expect(201)
    ).body as { id: string };
    await t.db.query("UPDATE client_subscriptions SET plan_id = $2, current_period_end = '2027-01-01T00:00:00Z' WHERE client_id = $1", [
      paid.clientId,
      plan.id,
    ]);
    const invoice = (await t.http().post(`/api/admin/clients/${paid.clientId}/invoices`).set(bearer(admin)).send({}).expect(201)).body as {
      number: string;
    };

    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, paid.email, PASSWORD);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Plan' }).click();
    const row = page.getByRole('row').filter({ hasText: invoice.number });
    await row.waitFor();
    expect(await row.textContent()).toContain('£58.80');
    expect(await row.textContent()).toContain('1 Jan 2027');
    expect(await row.textContent()).toContain('Due');
    await row.getByRole('button', { name: `PDF of invoice ${invoice.number}` }).waitFor();

    const other = await suite.open({ width: 390, height: 844 });
    await logInThroughForm(other, web.url, free.email, PASSWORD);
    await other.goto(`${web.url}/plan`);
    await other.getByText('No invoices yet').waitFor();
  });
});
