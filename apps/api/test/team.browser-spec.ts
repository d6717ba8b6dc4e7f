import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable, type IndustryBody } from './utils/actors';
import {
  eventually,
  freePort,
  launchChromium,
  logInThroughForm,
  openRecordedPage,
  SCREENSHOTS,
  startVite,
  type ViteServer,
} from './utils/browser';
import { TestApp, newUser } from './utils/test-app';

/** onboardBillable signs people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';
const NO_SUCH_LEAD = '00000000-0000-4000-8000-000000000000';

describe('team, seats and API keys screens against the real API', () => {
  let t: TestApp;
  let web: ViteServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let adminToken: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    // Team invite links are built from APP_URL, so the SPA's port comes first and the emailed link opens it.
    const webPort = await freePort();
    t = await TestApp.create({ env: { APP_URL: `http://127.0.0.1:${webPort}`, AUTH_RATE_LIMIT_PER_IP: '200' } });
    web = await startVite(webPort, t.url);
    browser = await launchChromium();
    adminToken = await createAdmin(t);
    industry = await createIndustry(t, adminToken);
    // Onboarding waits for every registration, Xero's contact included.
    await connectXero(t, adminToken);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterEach(async () => {
    while (contexts.length) await contexts.pop()?.close();
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await t?.close();
  });

  const openPage = (viewport = { width: 1100, height: 800 }) =>
    openRecordedPage(browser, contexts, pageErrors, { viewport, origin: web.url, permissions: ['clipboard-read', 'clipboard-write'] });

  const logIn = (page: Page, email: string, password = PASSWORD) => logInThroughForm(page, web.url, email, password);

  async function openFromNav(page: Page, label: string, path: string) {
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: label }).click();
    await page.waitForURL(`${web.url}${path}`);
  }

  async function clipboard(page: Page): Promise<string> {
    return (await page.evaluate('navigator.clipboard.readText()')) as string;
  }

  it('lets an owner invite a member, who joins through the emailed link and cannot change billing (403, and the SPA hides it)', async () => {
    const owner = await onboardBillable(t, industry.id);
    const member = newUser({ firstName: 'Grace', lastName: 'Hopper' });
    const page = await openPage();
    await logIn(page, owner.email);
    await openFromNav(page, 'Team', '/team');

    // The invite form shows the seats, then the new invite's link to copy; the same link is emailed.
    const form = page.getByRole('region', { name: 'Invite someone' });
    await form.getByText('1 of 5 seats used').waitFor();
    await form.getByLabel('Email').fill(member.email);
    expect(await form.getByRole('radio', { name: 'Member' }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Send invite' }).click();
    const shown = page.getByRole('region', { name: 'Invite link' });
    await shown.getByText(`We've emailed ${member.email} a link to join as member.`).waitFor();
    const link = (await shown.locator('#team-invite-url').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`^${web.url}/register\\?team=[A-Za-z0-9_%-]+$`));
    await shown.getByRole('button', { name: 'Copy invite link' }).click();
    await shown.getByText('invite link copied to the clipboard').waitFor({ state: 'attached' });
    expect(await clipboard(page)).toBe(link);
    const mail = (await t.inbox.waitFor(member.email))[0]!;
    expect(mail.text).toContain(link);
    await form.getByText('2 of 5 seats used').waitFor();
    const invites = page.getByRole('table', { name: 'Pending invites' });
    expect(await invites.getByRole('row').nth(1).textContent()).toMatch(new RegExp(`${member.email.replace(/\./g, '\\.')}.*Member`));
    await page.screenshot({ path: join(SCREENSHOTS, 'team.png'), fullPage: true });

    // The invitee opens the emailed link, is told they join a team, and lands on the dashboard.
    const invitee = await openPage();
    await invitee.goto(/https?:\/\/\S+register\?team=\S+/.exec(mail.text)?.[0] ?? 'no link in the email');
    await invitee.getByText("You've been invited to join a team on LeadFlow.").waitFor();
    await invitee.getByLabel('First name').fill(member.firstName);
    await invitee.getByLabel('Last name').fill(member.lastName);
    await invitee.getByLabel('Email').fill(member.email);
    await invitee.getByLabel('Phone').fill(member.phone);
    await invitee.getByLabel('Password').fill(member.password);
    await invitee.getByRole('button', { name: 'Create account' }).click();
    await invitee.waitForURL(`${web.url}/`);
    await invitee.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Billing' }).waitFor();

    // Signed out and in again, as a member.
    await invitee.getByRole('button', { name: 'Log out' }).click();
    await invitee.waitForURL(`${web.url}/login`);
    await logIn(invitee, member.email, member.password);

    // Billing: the balance, cards and payments, but no top-up, card or auto-charge controls.
    await openFromNav(invitee, 'Billing', '/billing');
    await invitee.getByRole('heading', { name: 'Billing', level: 1 }).waitFor();
    await invitee.locator('#balance-amount').waitFor();
    await invitee.getByText("Only the account's owners can change billing").waitFor();
    await invitee.getByRole('list', { name: 'Saved cards' }).getByText('Visa •••• 4242').waitFor();
    for (const name of ['Top up', 'Add card', 'Remove Visa •••• 4242', 'Save auto-charge'])
      expect(await invitee.getByRole('button', { name }).count()).toBe(0);
    expect(await invitee.getByRole('region', { name: 'Auto-charge' }).count()).toBe(0);

    // Team: the people, but no invite form and no role or remove buttons.
    await openFromNav(invitee, 'Team', '/team');
    const people = invitee.getByRole('table', { name: 'People on this account' });
    await people.getByText(member.email).waitFor();
    expect(await people.textContent()).toMatch(/Ada Lovelace.*Owner.*Grace Hopper \(you\).*Member/);
    await invitee.getByText("Only the account's owners can invite people").waitFor();
    expect(await invitee.getByRole('region', { name: 'Invite someone' }).count()).toBe(0);
    expect(await invitee.getByRole('button', { name: 'Send invite' }).count()).toBe(0);
    expect(await invitee.getByRole('button', { name: /^(Make|Remove)/ }).count()).toBe(0);

    // Integrations: no API keys to manage, and an endpoint can be rotated but not deleted.
    const memberToken = (
      (await t.http().post('/api/auth/login').send({ email: member.email, password: member.password }).expect(200)).body as {
        accessToken: string;
      }
    ).accessToken;
    const endpoint = (
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(memberToken))
        .send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['lead.send_data'] })
        .expect(201)
    ).body as { endpoint: { id: string } };
    await openFromNav(invitee, 'Integrations', '/integrations');
    await invitee
      .getByRole('region', { name: 'API keys', exact: true })
      .getByText("Only the account's owners can create, see and revoke API keys.")
      .waitFor();
    expect(await invitee.getByRole('button', { name: 'Create API key' }).count()).toBe(0);
    await invitee.goto(`${web.url}/integrations/${endpoint.endpoint.id}`);
    const settings = invitee.getByRole('region', { name: 'Settings' });
    await settings.getByRole('button', { name: 'Rotate secret' }).waitFor();
    await settings.getByText("Only the account's owners can delete an endpoint.").waitFor();
    expect(await settings.getByRole('button', { name: 'Delete' }).count()).toBe(0);

    // What the SPA hides, the API refuses.
    const topUp = await t
      .http()
      .post('/api/billing/top-ups')
      .set(bearer(memberToken))
      .set('Idempotency-Key', 'member-top-up')
      .send({ amount: 2_000 })
      .expect(403);
    expect(topUp.body.message).toMatch(/owner/);
    await t.http().post('/api/team/invites').set(bearer(memberToken)).send({ email: newUser().email, role: 'member' }).expect(403);

    // The owner sees the member join, and cannot step down as the account's only owner.
    await page.reload();
    const ownersPeople = page.getByRole('table', { name: 'People on this account' });
    await ownersPeople.getByText(member.email).waitFor();
    await page.getByText('No pending invites.').waitFor();
    await page.getByRole('button', { name: 'Make member: Ada Lovelace' }).click();
    const stepDown = page.getByRole('dialog', { name: 'Stop being an owner?' });
    await stepDown.getByRole('button', { name: 'Make member' }).click();
    await stepDown.getByRole('alert').getByText('An account needs at least one owner: make someone else an owner first').waitFor();
    await stepDown.getByRole('button', { name: 'Cancel' }).click();
  }, 120_000);

  it('holds the seat limit an admin sets: a further invite says the seats are taken, inline', async () => {
    const owner = await onboardBillable(t, industry.id);
    const invited = newUser();
    await t.http().post('/api/team/invites').set(bearer(owner.token)).send({ email: invited.email, role: 'member' }).expect(201);
    const businessName = (
      (await t.http().get('/api/account').set(bearer(owner.token)).expect(200)).body as { businessDetails: { businessName: string } }
    ).businessDetails.businessName;

    // The admin sees the client's team on its page and lowers the seat limit to 2.
    const admin = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const adminPage = await openPage();
    await logIn(adminPage, admin.email, admin.password);
    await adminPage.goto(`${web.url}/admin/clients/${owner.clientId}`);
    const team = adminPage.getByRole('region', { name: 'Team', exact: true });
    await team
      .getByRole('table', { name: `People on ${businessName}'s account` })
      .getByText(owner.email)
      .waitFor();
    await team
      .getByRole('table', { name: `Pending invites to ${businessName}'s account` })
      .getByText(invited.email)
      .waitFor();
    expect(await adminPage.locator('#client-seats').textContent()).toBe('2 of 5 seats used');
    await team.getByLabel('Seat limit').fill('2');
    await team.getByRole('button', { name: 'Save seat limit' }).click();
    await team.getByText('Seat limit saved: 2 of 2 seats used.').waitFor();
    expect(((await t.http().get('/api/team').set(bearer(owner.token)).expect(200)).body as { seatLimit: number }).seatLimit).toBe(2);

    // The owner's next invite is refused with the API's words; an address already invited is refused at the field.
    const page = await openPage();
    await logIn(page, owner.email);
    await openFromNav(page, 'Team', '/team');
    const form = page.getByRole('region', { name: 'Invite someone' });
    await form.getByText('2 of 2 seats used').waitFor();
    await form.getByLabel('Email').fill(invited.email);
    await form.getByRole('button', { name: 'Send invite' }).click();
    await form.getByText(`${invited.email} already has a pending invite; revoke it to send a new one`).waitFor();
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Email').fill(newUser().email);
    await form.getByRole('button', { name: 'Send invite' }).click();
    const full = form.getByRole('alert');
    await full.getByText('All 2 seats are taken (members and pending invites)', { exact: false }).waitFor();

    // Revoking the pending invite frees its seat.
    await page.getByRole('button', { name: `Revoke invite: ${invited.email}` }).click();
    await page.getByRole('dialog', { name: 'Revoke this invite?' }).getByRole('button', { name: 'Revoke invite' }).click();
    await page.getByText(`The invite to ${invited.email} is revoked`).waitFor();
    await form.getByText('1 of 2 seats used').waitFor();
    await page.getByText('No pending invites.').waitFor();
  }, 120_000);

  it('lets an owner create an API key, shown once, that reads leads but may not report one (403), and revoke it', async () => {
    const owner = await onboardBillable(t, industry.id);
    const page = await openPage();
    await logIn(page, owner.email);
    await openFromNav(page, 'Integrations', '/integrations');
    const keys = page.getByRole('region', { name: 'API keys', exact: true });
    await keys.getByText('No API keys yet.').waitFor();

    await keys.getByRole('button', { name: 'Create API key' }).click();
    const form = keys.getByRole('region', { name: 'Create an API key' });
    await form.getByRole('button', { name: 'Create key' }).click();
    await form.getByText('Give the key a name').waitFor();
    await form.getByText('Choose at least one thing the key may do.').waitFor();
    await form.getByLabel('Name', { exact: true }).fill('CRM sync');
    await form.getByRole('checkbox', { name: 'Read leads' }).check();
    await form.getByRole('button', { name: 'Create key' }).click();

    // The key, once, with the copy button and the note to store it.
    const shown = keys.getByRole('region', { name: 'New API key' });
    await shown.getByText('Store it now: it is shown only once.').waitFor();
    const key = (await shown.locator('#api-key-secret').textContent()) ?? '';
    expect(key).toMatch(/^lf_[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Copy API key' }).click();
    await shown.getByText('API key copied to the clipboard').waitFor({ state: 'attached' });
    expect(await clipboard(page)).toBe(key);
    const row = keys.getByRole('table', { name: 'API keys, newest first' }).getByRole('row').nth(1);
    expect(await row.textContent()).toMatch(new RegExp(`CRM sync.*${key.slice(0, 10)}….*Read leads.*Never.*Active`));
    await keys.screenshot({ path: join(SCREENSHOTS, 'api-keys.png') });
    await shown.getByRole('button', { name: "I've stored it" }).click();
    expect(await page.locator('#api-key-secret').count()).toBe(0);

    // The key reads leads; reporting needs leads:report, which it lacks.
    await t.http().get('/api/leads').set(bearer(key)).expect(200);
    const report = await t.http().post(`/api/leads/${NO_SUCH_LEAD}/report`).set(bearer(key)).send({ reason: 'fake' }).expect(403);
    expect(report.body.message).toBe('This API key lacks the leads:report scope');
    await page.reload();
    await eventually('the list shows when the key was last used', async () => !/Never/.test((await row.textContent()) ?? 'Never'));

    // Revoked from the page, it stops working at once.
    await row.getByRole('button', { name: `Revoke: CRM sync (${key.slice(0, 10)}…)` }).click();
    await page.getByRole('dialog', { name: 'Revoke this API key?' }).getByRole('button', { name: 'Revoke key' }).click();
    await keys.getByText('The key CRM sync is revoked').waitFor();
    expect(await row.textContent()).toMatch(/Revoked/);
    await t.http().get('/api/leads').set(bearer(key)).expect(401);
  }, 120_000);
});
