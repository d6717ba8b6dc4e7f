import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import { TestApp, newUser } from './utils/test-app';
import { freePort, launchChromium, logInThroughForm, SCREENSHOTS, startVite, type ViteServer } from './utils/browser';

describe('the SPA against the real API', () => {
  let t: TestApp;
  let web: ViteServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    // The reset email's link must open this SPA, so its port is chosen before the API boots.
    const webPort = await freePort();
    t = await TestApp.create({ env: { APP_URL: `http://127.0.0.1:${webPort}`, AUTH_RATE_LIMIT_PER_IP: '200' } });
    web = await startVite(webPort, t.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await t?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 960, height: 600 } });
    page = await context.newPage();
    // Uncaught exceptions and React's console errors fail the test; failed requests are expected in some tests.
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('registers through the form, stays signed in on reload, and logs out to /login', async () => {
    const user = newUser({ firstName: 'Grace', lastName: 'Hopper' });
    await page.goto(`${web.url}/register`);
    await page.getByLabel('First name').fill(user.firstName);
    await page.getByLabel('Last name').fill(user.lastName);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Phone').fill(user.phone);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(`${web.url}/`);
    const fullName = page.getByText(`${user.firstName} ${user.lastName}`);
    await fullName.waitFor();
    await page.getByText('Next: business details').waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'shell.png') });

    // The session survives a reload through the httpOnly refresh cookie alone: no script can read a token.
    await page.reload();
    await fullName.waitFor();
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.evaluate('[localStorage.length, sessionStorage.length]')).toEqual([0, 0]);
    const refresh = (await context.cookies()).filter((c) => c.name === 'leadflow_refresh');
    expect(refresh.map((c) => c.path).sort()).toEqual(['/api/auth/logout', '/api/auth/refresh']);
    for (const cookie of refresh) expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${web.url}/login`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect((await context.cookies()).map((c) => c.name)).not.toContain('leadflow_refresh');
    // The API ended the session too, not just the browser.
    await t.http().post('/api/auth/refresh').set('Cookie', `leadflow_refresh=${refresh[0]?.value}`).set('X-LeadFlow-CSRF', '1').expect(401);

    await page.goto(`${web.url}/`);
    await page.waitForURL(`${web.url}/login`);
  });

  it('keeps the session when several tabs open at once (each refreshes from the same cookie)', async () => {
    const user = newUser({ firstName: 'Ada', lastName: 'Lovelace' });
    await t.http().post('/api/auth/register').send(user).expect(201);
    await logInThroughForm(page, web.url, user.email, user.password);
    await page.getByText('Ada Lovelace').waitFor();
    const tabs = [page, await context.newPage(), await context.newPage()];
    // Every load restores the session from the refresh cookie; loaded together, the tabs would send
    // the same refresh token at once, and the API ends a session whose token is used twice.
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(tabs.map((tab) => tab.goto(`${web.url}/`)));
      for (const tab of tabs) await tab.getByText('Ada Lovelace').waitFor({ timeout: 10_000 });
    }
    const another = await context.newPage();
    await another.goto(`${web.url}/`);
    await another.getByText('Ada Lovelace').waitFor();
    expect(new URL(another.url()).pathname).not.toBe('/login');
  });

  it("shows the API's field errors next to the fields they name", async () => {
    await page.goto(`${web.url}/register`);
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Phone').fill('+44 7700 900123');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();

    // Beside the field its label is not repeated: the message says what is wrong, as a sentence.
    await expectFieldError(page, 'Email', 'Must be a valid email address.');
    await expectFieldError(page, 'Password', 'Must be 10–128 characters');
    expect(await page.getByLabel('First name').getAttribute('aria-invalid')).toBeNull();
  });

  it("shows the API's message for a wrong password", async () => {
    const user = newUser();
    await t.http().post('/api/auth/register').send(user).expect(201);

    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Log in' }).click();

    await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }).waitFor();
    expect(page.url()).toBe(`${web.url}/login`);
  });

  it('sets a new password from the emailed reset link', async () => {
    const user = newUser();
    await t.http().post('/api/auth/register').send(user).expect(201);

    await page.goto(`${web.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();

    // Registration sent the welcome email; the reset email is the second.
    const mail = (await t.inbox.waitFor(user.email, 2)).find((m) => m.subject === 'Reset your LeadFlow password');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[^\s"<>]+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(link ?? '');
    await page.getByLabel('New password').fill('another-horse-43');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();

    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('another-horse-43');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText(`${user.firstName} ${user.lastName}`).waitFor();

    // The link works once.
    await page.goto(link ?? '');
    await page.getByLabel('New password').fill('third-horse-44');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'invalid, already used or expired' }).waitFor();
  });

  it('lets a signed-in admin open Bull Board, and only while signed in', async () => {
    const admin = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });

    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('You are signed in as an administrator.').waitFor();

    // Before: no Bull Board cookie; the SPA itself writes none.
    expect((await context.cookies()).map((c) => c.name)).not.toContain('leadflow_board');
    expect((await page.goto(`${web.url}/admin/queues`))?.status()).toBe(401);
    await page.goto(`${web.url}/`);
    await page.getByText('You are signed in as an administrator.').waitFor();

    // Bull Board opens in a new tab; LeadFlow stays open in this one.
    const [queues] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: /Job queues/ }).click()]);
    await queues.waitForURL(`${web.url}/admin/queues`);
    expect(await queues.title()).toMatch(/Bull Dashboard/i);
    expect(page.url()).toBe(`${web.url}/`);
    await queues.close();
    // The API set it, httpOnly and for Bull Board only; the page's scripts see no cookie at all.
    const board = (await context.cookies()).find((c) => c.name === 'leadflow_board');
    expect(board).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin/queues' });
    expect(await page.evaluate('document.cookie')).toBe('');

    await page.goto(`${web.url}/`);
    expect(await page.evaluate('document.cookie')).toBe('');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${web.url}/login`);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('leadflow_board');
    expect((await page.goto(`${web.url}/admin/queues`))?.status()).toBe(401);
  });

  it('gives admins a grouped sidebar at 1280 px and a one-row strip at 390 px: the menu never wraps', async () => {
    const admin = newUser({ firstName: 'Nav', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await logInThroughForm(page, web.url, admin.email, admin.password);
    await page.getByText('You are signed in as an administrator.').waitFor();
    const nav = page.getByRole('navigation', { name: 'Admin' });
    const boxes = async () => Promise.all((await nav.getByRole('link').all()).map(async (link) => (await link.boundingBox())!));
    // A sidebar: one column of links, left of the page, in groups.
    const wide = await boxes();
    expect(wide).toHaveLength(14);
    expect(new Set(wide.map((b) => Math.round(b.x))).size).toBe(1);
    expect(await nav.getByRole('group').evaluateAll((groups) => groups.map((g) => g.getAttribute('aria-label')))).toEqual([
      'Today',
      'Clients',
      'Leads',
      'Systems',
    ]);
    // A phone: one row that scrolls sideways, not three rows.
    await page.setViewportSize({ width: 390, height: 844 });
    const narrow = await boxes();
    expect(new Set(narrow.map((b) => Math.round(b.y))).size).toBe(1);
    expect((await nav.boundingBox())!.height).toBeLessThan(60);
    // The strip scrolls inside itself: the page does not scroll sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    // The shell stays while the page changes: the sidebar is the same element after a click.
    await page.setViewportSize({ width: 1280, height: 800 });
    await nav.evaluate((el) => el.setAttribute('data-mark', 'kept'));
    await nav.getByRole('link', { name: 'Clients' }).first().click();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    expect(await nav.getAttribute('data-mark')).toBe('kept');
  });

  it('offers a reload when a page of the app is gone from the server after a deploy', async () => {
    const admin = newUser({ firstName: 'Stale', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    await logInThroughForm(page, web.url, admin.email, admin.password);
    await page.getByText('You are signed in as an administrator.').waitFor();
    // The admin pages' chunk no longer exists (the tab is older than the deploy): the build names it by its hash.
    await page.route('**/assets/admin-pages-*.js', (route) => route.abort());
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Clients' }).first().click();
    await page.getByRole('heading', { name: 'LeadFlow was updated' }).waitFor();
    await page.unroute('**/assets/admin-pages-*.js');
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    // React reports the error it caught; that is this test's point, not a failure.
    pageErrors = pageErrors.filter((e) => !/dynamically imported module|admin-pages/i.test(e));
  });

  it("shows the can't-reach page when the SPA's proxy finds no API behind it", async () => {
    const deadPort = await freePort();
    const orphan = await startVite(await freePort(), `http://127.0.0.1:${deadPort}`);
    try {
      await page.goto(`${orphan.url}/login`);
      const heading = page.getByRole('heading', { name: "We can't reach LeadFlow right now" });
      await heading.waitFor();
      await page.getByRole('button', { name: 'Retry' }).click();
      await page.getByText('Still no answer (tried 1 time).').waitFor();
      expect(await heading.isVisible()).toBe(true);
    } finally {
      await orphan.stop();
    }
  });

  it("shows the can't-reach page on a network failure, and Retry brings the app back", async () => {
    await page.goto(`${web.url}/login`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByLabel('Email').fill('someone@example.com');
    await page.getByLabel('Password').fill('whatever-123');

    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: "We can't reach LeadFlow right now" }).waitFor();

    await page.unroute('**/api/**');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    // The form was kept while the API was away.
    expect(await page.getByLabel('Email').inputValue()).toBe('someone@example.com');
  });
});

/** The error is shown next to the field and is what a screen reader hears after its name. */
async function expectFieldError(page: Page, label: string, text: string): Promise<void> {
  const error = page.locator('.field-error', { hasText: text });
  await error.waitFor();
  const field = page.getByLabel(label, { exact: true });
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));
}
