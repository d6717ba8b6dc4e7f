import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { connectXero, createAdmin, createIndustry, onboardBuyer, type IndustryBody } from './utils/actors';
import { logInThroughForm, SCREENSHOTS, type ViteServer } from './utils/browser';
import { browserSuite } from './utils/browser-suite';
import { codeTextedTo, textsTo } from './utils/sms';
import type { TestApp } from './utils/test-app';
import { until } from './utils/until';

/** onboardBuyer signs people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';
const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: false },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
const MOBILE = '+447700900123';

describe('text alerts in the browser', () => {
  const suite = browserSuite();
  let t: TestApp;
  let web: ViteServer;
  let industry: IndustryBody;

  beforeAll(async () => {
    ({ t, web } = suite);
    const admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadColumns: COLUMNS });
    await connectXero(t, admin);
  });

  const newLeadTexts = async () => (await textsTo(t, MOBILE)).filter((m) => m.body.startsWith('New '));

  async function openFromNav(page: Page, label: string, path: string) {
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: label }).click();
    await page.waitForURL(`${web.url}${path}`);
  }

  it('verifies a mobile by its texted code; a lead then sends one text with its name and postcode, charged once, counted in usage and logged', async () => {
    const client = await onboardBuyer(t, industry.id, { credit: 10_000 });
    const page = await suite.open();
    await logInThroughForm(page, web.url, client.email, PASSWORD);

    await openFromNav(page, 'Alerts', '/alerts');
    await page.getByText('Each text costs £0.05 a segment, taken from your credit.').waitFor();
    await page.getByText('No numbers yet.').waitFor();
    await page.getByLabel('Mobile number', { exact: true }).fill('07700 900123');
    await page.getByRole('button', { name: 'Add number' }).click();
    const number = page.getByRole('list', { name: 'Your mobile numbers' }).getByRole('listitem').filter({ hasText: '07700 900123' });
    await number.getByText('Not verified').waitFor();
    await number.getByRole('button', { name: 'Send a new code' }).and(page.locator(':disabled')).waitFor();

    await number.getByLabel('Verification code').fill(await codeTextedTo(t, MOBILE));
    await number.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('07700 900123 is verified.').waitFor();
    await number.getByText('Verified', { exact: true }).waitFor();
    await number.getByLabel('New leads').check();
    await number.getByRole('button', { name: 'Save texts' }).click();
    await page.getByText('Your texts to 07700 900123 are saved.').waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'alerts.png'), fullPage: true });

    // LeadByte posts a lead to the client's URL: one text reaches the number, with the lead's name and postcode.
    await t
      .http()
      .post(client.path)
      .send({ lead_id: `LB-SMS-UI-${Date.now()}`, firstname: 'Grace', lastname: 'Hopper', phone1: '07700 900456', postcode: 'M1 1AE' })
      .expect(201);
    const [text] = await until('the new-lead text', newLeadTexts, (all) => all.length === 1);
    expect(text.body).toContain('Grace Hopper');
    expect(text.body).toContain('M1 1AE');

    // The log reads itself again while the text is on its way; it settles as sent, at 5p.
    await page.getByRole('link', { name: 'Every text and email sent' }).click();
    await page.waitForURL(`${web.url}/notifications`);
    await page.getByLabel('Channel').selectOption({ label: 'Text' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(`${web.url}/notifications?channel=sms`);
    const log = page.getByRole('table', { name: 'Notifications, newest first' });
    await log.getByRole('row').filter({ hasText: 'New lead' }).filter({ hasText: 'Sent' }).filter({ hasText: '£0.05' }).waitFor();
    expect(await log.getByRole('row').filter({ hasText: 'New lead' }).count()).toBe(1);

    await openFromNav(page, 'Billing', '/billing');
    const ledger = page.getByRole('table', { name: 'Ledger entries, newest first' });
    await ledger.getByRole('row').filter({ hasText: 'Text alert' }).filter({ hasText: '−£0.05' }).waitFor();
    expect(await ledger.getByRole('row').filter({ hasText: 'Text alert' }).count()).toBe(1);

    await page.goto(`${web.url}/usage`);
    const sms = page.getByRole('table', { name: /^Totals for .+, by channel$/ }).getByRole('row', { name: /^Text/ });
    await sms.waitFor();
    expect(await sms.locator('th, td').allTextContents()).toEqual(['Text', '1', '1', '£0.05']);
    await page.getByRole('button', { name: /^Previous month/ }).click();
    await page.getByText('No texts this month.').waitFor();

    expect(await newLeadTexts()).toHaveLength(1);
  });
});
