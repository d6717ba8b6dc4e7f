import { upsertUser } from '../src/bin/upsert-user';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable } from './utils/actors';
import { logInThroughForm } from './utils/browser';
import { browserSuite } from './utils/browser-suite';
import { newUser } from './utils/test-app';

/** onboardBillable signs people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';
const TEAM = { monthlyPrice: 4_900, seatsIncluded: 3, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: true };

describe('plans in the screens: the pricing page, the admin Plans page, a client’s Plan page', () => {
  const suite = browserSuite();

  it('shows a visitor the public plans from the login page, VAT on top, and none of the private or retired ones', async () => {
    const { t, web } = suite;
    const admin = await createAdmin(t);
    const stamp = Date.now();
    await t
      .http()
      .post('/api/admin/plans')
      .set(bearer(admin))
      .send({ ...TEAM, name: `Team ${stamp}` })
      .expect(201);
    await t
      .http()
      .post('/api/admin/plans')
      .set(bearer(admin))
      .send({ ...TEAM, name: `Agency ${stamp}`, isPublic: false })
      .expect(201);
    const old = (
      await t
        .http()
        .post('/api/admin/plans')
        .set(bearer(admin))
        .send({ ...TEAM, name: `Old ${stamp}` })
        .expect(201)
    ).body as { id: string };
    await t.http().patch(`/api/admin/plans/${old.id}`).set(bearer(admin)).send({ active: false }).expect(200);

    const page = await suite.open({ width: 1280, height: 900 });
    await page.goto(`${web.url}/login`);
    await page.getByRole('link', { name: 'See the plans' }).click();
    await page.waitForURL(`${web.url}/pricing`);
    const plans = page.getByRole('list', { name: 'Plans' });
    const team = plans.getByRole('listitem').filter({ hasText: `Team ${stamp}` });
    await team.waitFor();
    expect(await team.textContent()).toContain('£49.00 a month + VAT');
    expect(await team.textContent()).toContain('£58.80 a month with VAT');
    expect(await team.textContent()).toContain('3 seats included, extra seats £10.00 a month + VAT each');
    expect(await plans.getByRole('listitem').filter({ hasText: 'Free' }).count()).toBe(1);
    const names = await plans.getByRole('heading').allTextContents();
    expect(names).not.toContain(`Agency ${stamp}`);
    expect(names).not.toContain(`Old ${stamp}`);
  });

  it('lets an admin create a plan (a bad price is said beside its field), retire it after confirming, and delete an unused one', async () => {
    const { t, web } = suite;
    const admin = newUser({ firstName: 'Pat', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const name = `Growth ${Date.now()}`;

    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Plans' }).click();
    await page.getByRole('heading', { name: 'Plans', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: 'new clients start here' }).waitFor();

    await page.getByRole('button', { name: 'New plan' }).click();
    const form = page.getByRole('region', { name: 'New plan' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Monthly price (GBP)').fill('twenty');
    await form.getByLabel('Seats included').fill('4');
    await form.getByLabel('Price per extra seat (GBP)').fill('7.50');
    await form.getByRole('button', { name: 'Create plan' }).click();
    await form.getByText('Monthly price must be an amount such as 49 or 49.50').waitFor();
    await form.getByLabel('Monthly price (GBP)').fill('99');
    await form.getByRole('button', { name: 'Create plan' }).click();
    await page.getByText(`${name} is created.`).waitFor();
    const row = page.getByRole('row').filter({ hasText: name });
    expect((await row.getByRole('cell').allTextContents()).slice(1, 7)).toEqual([
      '£99.00 + VAT',
      '4',
      '£7.50',
      'Monthly',
      'Pricing page',
      'Active',
    ]);

    // Retiring asks first; Cancel leaves it on offer.
    await row.getByRole('button', { name: `Retire ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Retire ${name}?` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByRole('button', { name: `Retire ${name}` }).click();
    await dialog.getByRole('button', { name: 'Retire' }).click();
    await page.getByText(`${name} is retired`).waitFor();
    await row.getByText('Retired').waitFor();

    await row.getByRole('button', { name: `Delete ${name}` }).click();
    await page
      .getByRole('dialog', { name: `Delete ${name}?` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText(`${name} is deleted.`).waitFor();
    await row.waitFor({ state: 'detached' });
  });

  it('shows a client its plan, seats used of the total and how long it runs; the admin sees the same on the client’s page', async () => {
    const { t, web } = suite;
    const adminToken = await createAdmin(t);
    const industry = await createIndustry(t, adminToken);
    await connectXero(t, adminToken);
    const owner = await onboardBillable(t, industry.id);
    await t
      .http()
      .patch(`/api/admin/clients/${owner.clientId}/seat-limit`)
      .set(bearer(adminToken))
      .send({ seatLimit: 6, reason: 'Launch offer' })
      .expect(200);

    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, owner.email, PASSWORD);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Plan' }).click();
    await page.getByRole('heading', { name: 'Plan', level: 1 }).waitFor();
    const facts = page.locator('dl.summary');
    await facts.getByText('1 of 6 seats used').waitFor();
    expect(await facts.textContent()).toContain('(1 with the plan, 5 free from us)');
    expect(await facts.textContent()).toContain('No end date (free plan)');
    expect(await facts.textContent()).toContain('Active');

    const admin = newUser({ firstName: 'Ada', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const adminPage = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(adminPage, web.url, admin.email, admin.password);
    await adminPage.goto(`${web.url}/admin/clients/${owner.clientId}`);
    const plan = adminPage.getByRole('region', { name: 'Plan' });
    await plan.getByText('1 of 6 seats used').waitFor();
    expect(await plan.textContent()).toContain('No end date (free plan)');
  });
});
