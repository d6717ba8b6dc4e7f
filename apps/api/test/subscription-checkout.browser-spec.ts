import type { Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import { SubscriptionCycle } from '../src/subscriptions';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable, useTestCard, type IndustryBody } from './utils/actors';
import { logInThroughForm } from './utils/browser';
import { browserSuite } from './utils/browser-suite';
import { newUser } from './utils/test-app';

/** onboardBillable signs people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';
const TEAM = { monthlyPrice: 4_900, seatsIncluded: 3, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: true };

interface InvoicePage {
  items: Array<{ status: string; number: string | null; grossAmount: number; paidAt: string | null }>;
}

interface Subscription {
  plan: { id: string; isDefault: boolean };
  seatLimit: number;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  pendingPlan: unknown;
  status: string;
}

/** "4 Jan 2027", as the SPA writes a date. */
const validUntil = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));

describe('buying a plan in the screens: pricing, sign-up, the card, paying; and the Plan page’s changes', () => {
  const suite = browserSuite();
  let industry: IndustryBody;
  let plan: { id: string; name: string };

  beforeAll(async () => {
    const { t } = suite;
    const admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
    plan = (
      await t
        .http()
        .post('/api/admin/plans')
        .set(bearer(admin))
        .send({ ...TEAM, name: `Team ${Date.now()}` })
        .expect(201)
    ).body as { id: string; name: string };
  });

  /** Pricing → "Choose" → register → business details → lead preferences → Stripe's card page (nothing typed yet). */
  async function signUpWithPlan(page: Page) {
    const { web, t } = suite;
    await page.goto(`${web.url}/pricing`);
    await page.getByRole('link', { name: `Choose ${plan.name}`, exact: true }).click();
    await page.waitForURL(`${web.url}/register?plan=${plan.id}`);
    await page.getByText(`You chose the ${plan.name} plan.`).waitFor();
    const user = newUser();
    await page.getByLabel('First name').fill(user.firstName);
    await page.getByLabel('Last name').fill(user.lastName);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Phone').fill(user.phone);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${web.url}/onboarding`);

    await page.getByRole('heading', { name: 'Business details' }).waitFor();
    await page.getByLabel('Business name').fill(`Plan Roofs ${Date.now()} Ltd`);
    await page.getByLabel('Industry').selectOption(industry.id);
    await page.getByLabel('Address line 1').fill('1 High Street');
    await page.getByLabel('Town or city').fill('London');
    await page.getByLabel('Postcode').fill('sw1a 1aa');
    await page.getByLabel('Business phone').fill('+44 20 7946 0000');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    const areas = page.getByRole('textbox', { name: 'Postcode areas' });
    await areas.fill('M1');
    await areas.press('Enter');
    await page.getByRole('button', { name: 'Remove M1' }).waitFor();
    await page.getByLabel('Daily cap').fill('10');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('heading', { name: 'Card' }).waitFor();
    await page.getByText(`After saving the card you pay for the ${plan.name} plan you chose`).waitFor();
    await page.getByText('Stripe: ready').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Add card with Stripe' }).click();
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/checkout/`));
    const token = (await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200)).body
      .accessToken as string;
    return { user, token };
  }

  async function typeCard(page: Page, number: string) {
    await page.locator('#number').fill(number);
    await page.locator('#exp').fill('12 / 34');
    await page.locator('#cvc').fill('123');
    await page.locator('#name').fill('Ada Lovelace');
    await page.locator('#submit').click();
  }

  async function subscriptionOf(token: string): Promise<Subscription> {
    return (await suite.t.http().get('/api/subscription').set(bearer(token)).expect(200)).body as Subscription;
  }

  async function invoices(token: string): Promise<InvoicePage['items']> {
    return ((await suite.t.http().get('/api/subscription/invoices').set(bearer(token)).expect(200)).body as InvoicePage).items;
  }

  it('takes a visitor from a paid plan on the pricing page through sign-up and card 4242 to paying, and a dashboard with the plan, seats and "valid until"', async () => {
    const { web } = suite;
    const page = await suite.open({ width: 1280, height: 900 });
    const { token } = await signUpWithPlan(page);
    await typeCard(page, '4242 4242 4242 4242');

    // The card saved, the plan chosen on the pricing page waits to be paid for.
    await page.waitForURL(`${web.url}/plan/checkout`);
    await page.getByRole('heading', { name: `Start the ${plan.name} plan` }).waitFor();
    expect(await page.locator('#checkout-total').textContent()).toBe('£58.80');
    expect(await page.locator('dl.summary').textContent()).toContain('£49.00 + VAT £9.80');
    await page.getByRole('button', { name: 'Pay £58.80 and start' }).click();

    await page.waitForURL(`${web.url}/`);
    await page.getByText(`Payment received: your ${plan.name} plan has started.`).waitFor();
    const sub = await subscriptionOf(token);
    expect(sub).toMatchObject({ plan: { id: plan.id }, pendingPlan: null, status: 'active' });
    const card = page.getByRole('region', { name: 'Your plan' });
    await card.getByText(`1 of ${sub.seatLimit} seats used`).waitFor();
    const text = await card.textContent();
    expect(text).toContain(plan.name);
    expect(text).toContain(`Valid until${validUntil(sub.currentPeriodEnd!)}`);

    const paid = await invoices(token);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ status: 'paid', grossAmount: 5_880 });
  }, 120_000);

  it('buys the plan with a 3-D Secure card (4000 0025 0000 3155): the bank’s page at card setup, and again for the on-session payment', async () => {
    const { web, t } = suite;
    const page = await suite.open({ width: 1280, height: 900 });
    const { token } = await signUpWithPlan(page);
    await typeCard(page, '4000 0025 0000 3155');
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/authenticate/seti_`));
    await page.locator('#complete').click();

    await page.waitForURL(`${web.url}/plan/checkout`);
    await page.getByRole('button', { name: 'Pay £58.80 and start' }).click();
    // Paying on-session with this card asks the bank again; Stripe comes back to /plan?payment=….
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/authenticate/pi_`));
    await page.locator('#complete').click();
    await page.waitForURL((url) => url.toString().startsWith(`${web.url}/plan?payment=`));
    await page.getByText('Payment received.').waitFor({ timeout: 20_000 });
    const facts = page.getByRole('region', { name: plan.name });
    await facts.getByText(`1 of ${(await subscriptionOf(token)).seatLimit} seats used`).waitFor();
    const row = page.getByRole('table', { name: 'Your subscription invoices, newest first' }).getByRole('row').nth(1);
    await row.getByText(/Paid on/).waitFor();
    expect(await invoices(token)).toMatchObject([{ status: 'paid', grossAmount: 5_880 }]);
  }, 120_000);

  it('leaves the account on the free plan with no paid invoice when the card is declined (4000 0000 0000 0002 on Stripe’s page, 4000 0000 0000 0341 when paying)', async () => {
    const { web } = suite;
    const page = await suite.open({ width: 1280, height: 900 });
    const { token } = await signUpWithPlan(page);
    // Stripe checks the card when saving it: this one is refused there, and nothing is bought.
    await typeCard(page, '4000 0000 0000 0002');
    await page.locator('#error').getByText('Your card was declined.').waitFor();
    expect(await invoices(token)).toEqual([]);

    // A card that saves but whose charge is declined: the pay step says why and offers to retry or stay free.
    await typeCard(page, '4000 0000 0000 0341');
    await page.waitForURL(`${web.url}/plan/checkout`);
    await page.getByRole('button', { name: 'Pay £58.80 and start' }).click();
    const alert = page.getByRole('alert').filter({ hasText: "The payment didn't go through:" });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('You are still on the free plan');
    await page.getByRole('button', { name: 'Try again: pay £58.80' }).waitFor();
    await page.getByRole('button', { name: 'Stay on the free plan' }).click();

    await page.waitForURL(`${web.url}/`);
    const card = page.getByRole('region', { name: 'Your plan' });
    await card.getByText('No end date (free plan)').waitFor();
    expect(await card.textContent()).not.toContain(plan.name);
    expect((await invoices(token)).filter((i) => i.status === 'paid')).toEqual([]);
    expect(await subscriptionOf(token)).toMatchObject({ pendingPlan: null, currentPeriodEnd: null, plan: { isDefault: true } });
  }, 120_000);

  it('lets an owner add seats after seeing the prorated quote, cancel the plan at the period end and undo it', async () => {
    const { web, t } = suite;
    const owner = await onboardBillable(t, industry.id);
    await t.http().post('/api/subscription/checkout').set(bearer(owner.token)).send({ planId: plan.id }).expect(201);

    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, owner.email, PASSWORD);
    await page.goto(`${web.url}/plan`);
    const facts = page.getByRole('region', { name: plan.name });
    // New accounts keep the seats every account had before plans (comped), on top of the plan's 3.
    const { seatLimit } = await subscriptionOf(owner.token);
    await facts.getByText(`1 of ${seatLimit} seats used`).waitFor();

    await page.getByRole('button', { name: 'Add or remove seats' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add or remove seats' });
    await dialog.getByLabel('Add-on seats in all').fill('2');
    // Two seats for the rest of the paid month, prorated, with VAT: about £24.00.
    const quote = dialog.getByText(/charged now \(prorated\), including £[\d.]+ VAT\./);
    await quote.waitFor();
    const charged = /£([\d.]+) charged now/.exec((await quote.textContent()) ?? '')![1]!;
    expect(Number(charged)).toBeGreaterThan(20);
    expect(Number(charged)).toBeLessThanOrEqual(24);
    await dialog.getByText(/2 add-on seats, .* \(prorated\)/).waitFor();
    await dialog.getByRole('button', { name: `Pay £${charged} and add seats` }).click();
    await page.getByText(`Paid £${charged}. You have 2 add-on seats: ${seatLimit + 2} seats in all.`).waitFor();
    await facts.getByText(`1 of ${seatLimit + 2} seats used`).waitFor();

    await page.getByRole('button', { name: 'Cancel plan', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Cancel the ${plan.name} plan?` });
    await confirm.getByRole('button', { name: 'Cancel plan', exact: true }).click();
    const ending = page.getByRole('status').filter({ hasText: `Your ${plan.name} plan ends on` });
    await ending.waitFor();
    await ending.getByRole('button', { name: 'Undo' }).click();
    await page.getByText(`Your ${plan.name} plan carries on.`).waitFor();
    await ending.waitFor({ state: 'detached' });
    expect((await subscriptionOf(owner.token)).cancelAtPeriodEnd).toBe(false);
  }, 120_000);
  it('lets an owner pay an open invoice from the Plan page before its due date; the row then says when it was paid', async () => {
    const { web, t } = suite;
    const adminToken = await createAdmin(t);
    const owner = await onboardBillable(t, industry.id);
    await t.http().post('/api/subscription/checkout').set(bearer(owner.token)).send({ planId: plan.id }).expect(201);
    const invoice = (await t.http().post(`/api/admin/clients/${owner.clientId}/invoices`).set(bearer(adminToken)).send({}).expect(201))
      .body as { number: string };

    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, owner.email, PASSWORD);
    await page.goto(`${web.url}/plan`);
    const banner = page.getByRole('status').filter({ hasText: `Invoice ${invoice.number} (£58.80) is due on` });
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Pay £58.80 now' }).click();
    await page.getByText(`Paid £58.80. Invoice ${invoice.number} is paid.`).waitFor();
    await banner.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: invoice.number });
    await row.getByText(/Paid on/).waitFor();
    expect(await row.getByRole('button', { name: /^Pay invoice/ }).count()).toBe(0);
    expect((await invoices(owner.token)).filter((i) => i.status === 'paid')).toHaveLength(2);
  }, 120_000);

  it('shows a member the plan and its invoices without the owner’s controls; the API refuses the member’s change too', async () => {
    const { web, t } = suite;
    const owner = await onboardBillable(t, industry.id);
    await t.http().post('/api/subscription/checkout').set(bearer(owner.token)).send({ planId: plan.id }).expect(201);
    const member = newUser({ firstName: 'Grace', lastName: 'Hopper' });
    await t.http().post('/api/team/invites').set(bearer(owner.token)).send({ email: member.email, role: 'member' }).expect(201);
    const mail = (await t.inbox.waitFor(member.email))[0]!;
    const teamInviteToken = decodeURIComponent(/register\?team=([^\s&]+)/.exec(mail.text)?.[1] ?? 'no link in the email');
    const joined = (
      await t
        .http()
        .post('/api/auth/register')
        .send({ ...member, teamInviteToken })
        .expect(201)
    ).body as { accessToken: string };

    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, member.email, member.password);
    await page.goto(`${web.url}/plan`);
    await page.getByText("Only the account's owners can change the plan or seats").waitFor();
    await page.getByRole('region', { name: plan.name }).getByText('Valid until').waitFor();
    await page
      .getByRole('table', { name: 'Your subscription invoices, newest first' })
      .getByText(/Paid on/)
      .waitFor();
    for (const name of ['Change plan', 'Add or remove seats', 'Pay in advance', 'Cancel plan'])
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    await t.http().post('/api/subscription/seats').set(bearer(joined.accessToken)).send({ addOnSeats: 1 }).expect(403);
  }, 120_000);

  it('shows a suspended account its unpaid invoice with "Pay now", lists it on the admin overview, and reactivates it once paid', async () => {
    const { web, t } = suite;
    const DAY = 86_400_000;
    const owner = await onboardBillable(t, industry.id);
    const bought = (await t.http().post('/api/subscription/checkout').set(bearer(owner.token)).send({ planId: plan.id }).expect(201))
      .body as { subscription: { currentPeriodEnd: string } };
    const end = new Date(bought.subscription.currentPeriodEnd).getTime();
    // The renewal is declined on every try, and the grace runs out: the cycle suspends the account.
    await useTestCard(t, owner.clientId, 'pm_card_chargeDeclined');
    const cycle = t.app.get(SubscriptionCycle);
    for (const at of [end - 6 * DAY, end + 3_600_000, end + DAY, end + 3 * DAY, end + 5 * DAY, end + 7 * DAY + 3_600_000])
      await cycle.run(new Date(at));
    expect((await subscriptionOf(owner.token)).status).toBe('suspended');

    const admin = newUser({ firstName: 'Ada', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const adminPage = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(adminPage, web.url, admin.email, admin.password);
    await adminPage.goto(`${web.url}/admin`);
    const overdue = adminPage.getByRole('table', { name: 'Overdue subscriptions, longest overdue first' });
    const row = overdue.getByRole('row').filter({ hasText: 'Suspended' });
    await row.getByText('£58.80').waitFor();
    await row.getByRole('link').click();
    await adminPage.waitForURL(`${web.url}/admin/clients/${owner.clientId}`);
    await adminPage.getByRole('region', { name: 'Plan' }).getByText('Suspended since').waitFor();

    await useTestCard(t, owner.clientId, 'pm_card_visa');
    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, owner.email, PASSWORD);
    await page.goto(`${web.url}/plan`);
    const alert = page.getByRole('alert').filter({ hasText: 'Your account is suspended:' });
    await alert.getByText(/no leads are delivered until invoice LF-\d+ \(£58\.80/).waitFor();
    await alert.getByRole('button', { name: 'Pay £58.80 now' }).click();
    await page.getByText(/^Paid £58\.80\. Invoice LF-\d+ is paid\.$/).waitFor();
    await alert.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: plan.name }).getByText('Active').waitFor();
    expect(await subscriptionOf(owner.token)).toMatchObject({ status: 'active', suspendedAt: null });
  }, 120_000);

  it('lets an admin put a client on a plan and extend it with a reason, issue the next invoice and void it by a credit note; the overview shows MRR', async () => {
    const { web, t } = suite;
    const owner = await onboardBillable(t, industry.id);
    const admin = newUser({ firstName: 'Ada', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, admin.email, admin.password);
    await page.goto(`${web.url}/admin/clients/${owner.clientId}`);
    const section = page.getByRole('region', { name: 'Plan' });
    await section.getByText('No end date (free plan)').waitFor();

    await section.getByRole('button', { name: 'Change plan' }).click();
    const change = page.getByRole('dialog', { name: "Change the client's plan" });
    await change.getByLabel('Plan').selectOption({ label: `${plan.name} · £49.00 a month + VAT` });
    await change.getByRole('button', { name: 'Change plan' }).click();
    // The reason is required: the API says so beside the field.
    await change.locator('.field-error').first().waitFor();
    await change.getByLabel('Reason').fill('Agreed on the phone');
    await change.getByRole('button', { name: 'Change plan' }).click();
    await section.getByText(`The client is on the ${plan.name} plan.`).waitFor();
    const before = (await subscriptionOf(owner.token)).currentPeriodEnd!;

    await section.getByRole('button', { name: 'Extend validity' }).click();
    const extend = page.getByRole('dialog', { name: 'Extend validity' });
    await extend.getByLabel('Days to add').fill('10');
    await extend.getByLabel('Reason').fill('Outage in March');
    await extend.getByRole('button', { name: 'Extend' }).click();
    const extended = section.getByText(/^The plan is now valid until /);
    await extended.waitFor();
    const after = (await subscriptionOf(owner.token)).currentPeriodEnd!;
    expect(await extended.textContent()).toBe(`The plan is now valid until ${validUntil(after)}.`);
    expect(new Date(after).getTime() - new Date(before).getTime()).toBe(10 * 86_400_000);

    await section.getByRole('button', { name: 'Issue next invoice' }).click();
    await page.getByRole('dialog', { name: 'Issue the next invoice?' }).getByRole('button', { name: 'Issue invoice' }).click();
    const issued = section.getByText(/^Invoice LF-\d+ is issued: £58\.80/);
    await issued.waitFor();
    const number = /Invoice (LF-\d+)/.exec((await issued.textContent()) ?? '')![1]!;
    const row = section.getByRole('row').filter({ hasText: number });
    await row.getByText(/Due/).waitFor();

    await row.getByRole('button', { name: `Void invoice ${number}` }).click();
    const confirm = page.getByRole('dialog', { name: `Void invoice ${number}?` });
    await confirm.getByLabel('Reason').fill('Issued by mistake');
    await confirm.getByRole('button', { name: 'Void invoice' }).click();
    await section.getByText(new RegExp(`Invoice ${number} is void: credit note \\S+`)).waitFor();
    await row.getByText('Void').waitFor();
    await row.getByRole('button', { name: /^Credit note LF-CN-\d+ \(PDF\)$/ }).waitFor();

    await page.goto(`${web.url}/admin`);
    await page.getByRole('heading', { name: 'Subscriptions', exact: true }).waitFor();
    expect(await page.locator('#overview-mrr').textContent()).toMatch(/^£[\d,]+\.\d\d$/);
    // No renewal in this file has failed: nothing is overdue.
    await page.getByRole('region', { name: 'Overdue subscriptions' }).getByText('No subscription is overdue.').waitFor();
  }, 120_000);
});
