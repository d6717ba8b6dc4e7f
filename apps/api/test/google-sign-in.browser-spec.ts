import type { Page } from 'playwright-core';
import { connectXero, createAdmin, createIndustry, registerClient, type IndustryBody } from './utils/actors';
import type { ViteServer } from './utils/browser';
import { browserSuite } from './utils/browser-suite';
import { TestApp, newUser } from './utils/test-app';

/** "Continue with Google" in a real browser, through the sandbox's OpenID Connect provider's consent page. */
describe('sign-in with Google in the browser', () => {
  const suite = browserSuite();
  const open = () => suite.open();
  let t: TestApp;
  let web: ViteServer;
  let industry: IndustryBody;

  beforeAll(async () => {
    ({ t, web } = suite);
    const admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
  });

  /** On the provider's page: "Someone else" with this email and name. */
  async function consentAs(page: Page, who: { email: string; given: string; family: string }) {
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.oidc.issuer}/authorize`));
    await page.locator('input[name="email"]').fill(who.email);
    await page.locator('input[name="given_name"]').fill(who.given);
    await page.locator('input[name="family_name"]').fill(who.family);
    await page.locator('button[name="person"][value="custom"]').click();
  }

  it('signs a new person up with Google into the wizard with their name, to the dashboard; then out and back in with Google', async () => {
    const page = await open();
    const email = newUser().email;
    await page.goto(`${web.url}/register`);
    await page.getByRole('button', { name: 'Continue with Google' }).click();
    await consentAs(page, { email, given: 'Grace', family: 'Brewster' });

    // Back in the app: the name from Google is filled in; the email is Google's; no password.
    await page.getByRole('heading', { name: 'Finish creating your account' }).waitFor();
    await page.getByText(email).waitFor();
    expect(await page.getByLabel('First name').inputValue()).toBe('Grace');
    expect(await page.getByLabel('Last name').inputValue()).toBe('Brewster');
    expect(await page.getByLabel('Password').count()).toBe(0);
    await page.getByLabel('Phone').fill('+44 7700 900123');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(`${web.url}/onboarding`);
    await page.getByRole('heading', { name: 'Business details' }).waitFor();
    await page.getByLabel('Business name').fill('Brewster Solar Ltd');
    await page.getByLabel('Industry').selectOption(industry.id);
    await page.getByLabel('Address line 1').fill('1 High Street');
    await page.getByLabel('Town or city').fill('London');
    await page.getByLabel('Postcode').fill('sw1a 1aa');
    await page.getByLabel('Business phone').fill('+44 20 7946 0000');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    const areas = page.getByRole('textbox', { name: 'Postcode areas' });
    await areas.fill('SW1A');
    await areas.press('Enter');
    await page.getByLabel('Daily cap').fill('10');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Card' }).waitFor();
    for (const line of ['Stripe: ready', 'LeadByte: ready', 'Xero: ready']) await page.getByText(line).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Add card with Stripe' }).click();
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/checkout/`));
    await page.locator('#number').fill('4242 4242 4242 4242');
    await page.locator('#exp').fill('12 / 34');
    await page.locator('#cvc').fill('123');
    await page.locator('#name').fill('Grace Brewster');
    await page.locator('#submit').click();
    await page.waitForURL(`${web.url}/`);
    await page.getByRole('heading', { name: 'Brewster Solar Ltd' }).waitFor();

    // Their sign-in settings: Google linked, no password yet.
    await page.getByRole('link', { name: 'Grace Brewster' }).click();
    await page.getByRole('heading', { name: 'Sign-in', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Linked accounts' }).getByText(email).waitFor();
    await page.getByRole('heading', { name: 'Set a password' }).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${web.url}/login`);
    await page.getByRole('button', { name: 'Continue with Google' }).click();
    await consentAs(page, { email, given: 'Grace', family: 'Brewster' });
    await page.waitForURL(`${web.url}/`);
    await page.getByRole('heading', { name: 'Brewster Solar Ltd' }).waitFor();
  });

  it('links Google to an existing account only after its password, then logs in with Google', async () => {
    const existing = await registerClient(t);
    const page = await open();
    await page.goto(`${web.url}/login`);
    await page.getByRole('button', { name: 'Continue with Google' }).click();
    await consentAs(page, { email: existing.email, given: 'Ada', family: 'Lovelace' });

    await page.getByText('You already have a LeadFlow account.').waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe(existing.email);
    await page.getByLabel('Password').fill('not-the-password-1');
    await page.getByRole('button', { name: 'Log in and link Google' }).click();
    await page.getByText('Email or password is incorrect').waitFor();
    expect(
      (
        await t.db.query(`SELECT count(*)::int AS n FROM user_identities i JOIN users u ON u.id = i.user_id WHERE u.email = $1`, [
          existing.email,
        ])
      )[0].n,
    ).toBe(0);
    await page.getByLabel('Password').fill(existing.password);
    await page.getByRole('button', { name: 'Log in and link Google' }).click();
    await page.waitForURL(`${web.url}/onboarding`);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${web.url}/login`);
    await page.getByRole('button', { name: 'Continue with Google' }).click();
    await consentAs(page, { email: existing.email, given: 'Ada', family: 'Lovelace' });
    await page.waitForURL(`${web.url}/onboarding`);
  });

  it('says plainly when Google has not verified the email, and creates nothing', async () => {
    const page = await open();
    await page.goto(`${web.url}/login`);
    await page.getByRole('button', { name: 'Continue with Google' }).click();
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.oidc.issuer}/authorize`));
    await page.getByRole('button', { name: /Ursula Unverified/ }).click();
    await page.getByRole('heading', { name: 'Signing in did not finish' }).waitFor();
    await page.getByText(/^Google has not verified the email address of this Google account/).waitFor();
    await page.getByRole('link', { name: 'Back to log in' }).waitFor();
    expect((await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email = 'ursula.unverified@example.com'`))[0].n).toBe(0);
  });
});
