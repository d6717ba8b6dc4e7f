import { readFileSync } from 'node:fs';
import { upsertUser } from '../src/bin/upsert-user';
import { connectXero, createAdmin, createIndustry, onboardBuyer } from './utils/actors';
import { logInThroughForm } from './utils/browser';
import { browserSuite } from './utils/browser-suite';
import { newUser } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: false },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

describe('privacy in the browser', () => {
  const suite = browserSuite();

  it('lets an admin download what is held about a person, erase it after a confirmation, and see both requests; the buyer sees the lead erased', async () => {
    const { t, web } = suite;
    const token = await createAdmin(t);
    await connectXero(t, token);
    const industry = await createIndustry(t, token, { leadColumns: COLUMNS });
    const buyer = await onboardBuyer(t, industry.id, { credit: 10_000 });
    const email = `wren.${Date.now()}@example.com`;
    const leadId = (
      await t
        .http()
        .post(buyer.path)
        .send({ lead_id: `LB-PRIV-${Date.now()}`, firstname: 'Wren', email, phone1: '07700 900881', postcode: 'M1 1AE' })
        .expect(201)
    ).body.leadId as string;
    const admin = newUser({ firstName: 'Priya', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });

    const page = await suite.open();
    await logInThroughForm(page, web.url, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Privacy' }).click();
    await page.waitForURL(`${web.url}/admin/privacy`);
    await page.getByText('No requests yet.', { exact: false }).waitFor();

    // Neither an email nor a phone: said beside the fields, nothing asked of the API.
    await page.getByRole('button', { name: 'Erase their data…' }).click();
    await page.getByText('Enter the email or the phone (or both)').first().waitFor();

    await page.getByLabel('Email').fill(email.toUpperCase());
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download their data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^leadflow-access-[0-9a-f-]{36}\.json$/);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { leads: Array<{ id: string; contact: { email: string } }> };
    expect(file.leads.map((l) => [l.id, l.contact.email])).toEqual([[leadId, email]]);
    await page.getByText('Downloaded what LeadFlow holds: 1 lead.').waitFor();

    await page.getByLabel('Phone').fill('+44 7700 900881');
    await page.getByRole('button', { name: 'Erase their data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this person’s data?' });
    await dialog.getByText('This cannot be undone.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Erase', exact: true }).click();
    await page.getByText('Erased 1 lead; 1 buyer was told by webhook. This person asked before', { exact: false }).waitFor();

    const requests = page.getByRole('table', { name: 'Privacy requests, newest first' });
    await requests.getByRole('row').filter({ hasText: 'Erasure' }).filter({ hasText: 'email and phone' }).waitFor();
    await requests.getByRole('row').filter({ hasText: 'Access (export)' }).filter({ hasText: 'Priya Admin' }).waitFor();
    expect(await page.content()).not.toContain(email);

    // The buyer's list and the lead's page say it was erased.
    const client = await suite.open();
    await logInThroughForm(client, web.url, buyer.email, 'correct-horse-42');
    await client.goto(`${web.url}/leads`);
    await client.getByRole('link', { name: 'Erased lead' }).click();
    await client.waitForURL(`${web.url}/leads/${leadId}`);
    await client.getByText('Its personal details (name, contact details, address, free text) were erased on', { exact: false }).waitFor();
  });
});
