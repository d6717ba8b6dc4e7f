import type { Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import { bearer, connectXero, createAdmin, createIndustry, onboardBuyer, type IndustryBody } from './utils/actors';
import { logInThroughForm, type ViteServer } from './utils/browser';
import { browserSuite } from './utils/browser-suite';
import { codeTextedTo, textsTo } from './utils/sms';
import { newUser, type TestApp } from './utils/test-app';
import { until } from './utils/until';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: false },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

describe('look', () => {
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
  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: `/tmp/look/${name}.png`, fullPage: true });
  };

  it('looks', async () => {
    const client = await onboardBuyer(t, industry.id, { credit: 10_000 });
    const page = await suite.open();
    await logInThroughForm(page, web.url, client.email, 'correct-horse-42');
    await page.goto(`${web.url}/alerts`);
    await page.getByText('No numbers yet.').waitFor();
    await shot(page, 'alerts-empty');
    await page.getByLabel('Mobile number', { exact: true }).fill('020 7946 0018');
    await page.getByRole('button', { name: 'Add number' }).click();
    await page.locator('.field-error').waitFor();
    await shot(page, 'alerts-add-error');
    await page.getByLabel('Mobile number', { exact: true }).fill('07700 900123');
    await page.getByRole('button', { name: 'Add number' }).click();
    await page.getByText('Not verified').waitFor();
    await page.getByLabel('Verification code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('.field-error').waitFor();
    await shot(page, 'alerts-unverified');
    const code = await codeTextedTo(t, '+447700900123');
    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('is verified').waitFor();
    await page.getByLabel('Quiet from').selectOption('22');
    await page.getByRole('button', { name: 'Save texts' }).click();
    await page.locator('.field-error').waitFor();
    await shot(page, 'alerts-quiet-error');
    await page.getByLabel('Quiet until').selectOption('7');
    await page.getByRole('button', { name: 'Save texts' }).click();
    await page.getByText('are saved').waitFor();
    await page.getByLabel('Quiet from').selectOption('');
    await page.getByLabel('Quiet until').selectOption('');
    await page.getByRole('button', { name: 'Save texts' }).click();
    await page.getByText('are saved').waitFor();
    await page.getByLabel('Mobile number', { exact: true }).fill('07700 900124');
    await page.getByRole('button', { name: 'Add number' }).click();
    await page.getByText('Not verified').waitFor();
    await shot(page, 'alerts-two');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'alerts-phone');
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.getByRole('button', { name: 'Remove 07700 900124' }).click();
    await page.getByRole('dialog').waitFor();
    await shot(page, 'alerts-remove');
    await page.getByRole('button', { name: 'Remove number' }).click();
    await page.getByText('is removed').waitFor();

    for (let i = 0; i < 3; i += 1)
      await t.http().post(client.path).send({ lead_id: `LB-L-${Date.now()}-${i}`, firstname: 'Grace', lastname: `Hopper${i}`, phone1: `07700 90045${i}`, postcode: 'M1 1AE' }).expect(201);
    await until('texts', async () => (await textsTo(t, '+447700900123')).filter((m) => m.body.startsWith('New ')), (a) => a.length === 3);
    await page.goto(`${web.url}/notifications`);
    await page.getByRole('table').waitFor();
    await page.getByText('Sent').first().waitFor();
    await shot(page, 'notifications');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'notifications-phone');
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`${web.url}/usage`);
    await page.getByRole('table').first().waitFor();
    await shot(page, 'usage');
    await page.getByRole('button', { name: /Previous month/ }).click();
    await page.getByText('No texts this month.').waitFor();
    await shot(page, 'usage-empty');
    await page.goto(`${web.url}/billing`);
    await page.getByRole('table', { name: 'Ledger entries, newest first' }).getByRole('row').nth(1).waitFor();
    await shot(page, 'billing');
    // admin
    const adminUser = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...adminUser, role: 'admin' });
    const admin = await suite.open();
    await logInThroughForm(admin, web.url, adminUser.email, adminUser.password);
    await admin.goto(`${web.url}/admin/usage`);
    await admin.getByRole('table').waitFor();
    await shot(admin, 'admin-usage');
    await admin.getByRole('link', { name: /Ltd|client/ }).first().click();
    await admin.getByRole('heading', { name: 'Notifications' }).waitFor();
    await admin.getByRole('table', { name: /Emails, texts and webhooks/ }).waitFor();
    await shot(admin, 'admin-client');
    void bearer;
  });
});
