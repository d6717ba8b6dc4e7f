import { randomUUID } from 'node:crypto';
import {
  bearer,
  businessDetails,
  completeHostedCardPage,
  connectXero,
  createAdmin,
  createIndustry,
  leadPreferences,
  registerClient,
  waitForIntegrations,
  type IndustryBody,
} from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';
import { until } from './utils/until';

interface XeroState {
  xero: {
    contacts: Array<{ ContactID: string; ContactNumber?: string; Name: string }>;
    invoices: Array<{ Reference: string; Contact: { ContactID: string } }>;
  };
}

describe('Xero contacts follow the client, not its name', () => {
  let t: TestApp;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create();
    const admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const xeroState = async () => (await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as XeroState;
  const storedContact = async (clientId: string) =>
    ((await t.db.query('SELECT xero_contact_id FROM clients WHERE id = $1', [clientId])) as Array<{ xero_contact_id: string | null }>)[0]!
      .xero_contact_id;

  /** A billable client through every step under `businessName`, with its registrations done. */
  async function onboard(businessName: string): Promise<{ token: string; clientId: string }> {
    const c = await registerClient(t);
    await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(c.token))
      .send(businessDetails(industry.id, { businessName }))
      .expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences()).expect(200);
    await waitForIntegrations(t, c.token);
    const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(c.token)).expect(201)).body as { url: string };
    await t
      .http()
      .post('/api/onboarding/card/confirm')
      .set(bearer(c.token))
      .send({ sessionId: await completeHostedCardPage(url) })
      .expect(200);
    return c;
  }

  /** A £20 top-up, succeeded and mirrored in Xero; returns the ContactID its invoice went to. */
  async function invoicedContact(token: string): Promise<string> {
    const payment = (
      await t
        .http()
        .post('/api/billing/top-ups')
        .set(bearer(token))
        .set('Idempotency-Key', randomUUID())
        .send({ amount: 2_000 })
        .expect(201)
    ).body as { id: string };
    await until(
      'the payment to succeed',
      () =>
        t
          .http()
          .get(`/api/billing/payments/${payment.id}`)
          .set(bearer(token))
          .then((r) => r.body.status as string),
      (s) => s === 'succeeded',
    );
    await waitForQueuesToDrain(t.queues());
    const invoices = (await xeroState()).xero.invoices.filter((i) => i.Reference === payment.id);
    expect(invoices).toHaveLength(1);
    return invoices[0]!.Contact.ContactID;
  }

  it("gives a client that takes another's former name its own contact, and posts each client's invoices to its own contact", async () => {
    const name = `Acme ${Date.now().toString(36)} Ltd`;
    const a = await onboard(name);
    const aContact = await storedContact(a.clientId);
    expect(aContact).toMatch(/^[0-9a-f-]{36}$/);

    // A renames itself; its Xero contact stays its own (found by number, not by the new name).
    await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(a.token))
      .send(businessDetails(industry.id, { businessName: `${name} Two` }))
      .expect(200);
    await waitForIntegrations(t, a.token);
    expect(await storedContact(a.clientId)).toBe(aContact);

    // B registers under A's former name, which A's contact still carries in Xero.
    const b = await onboard(name);
    const bContact = await storedContact(b.clientId);
    expect(bContact).toMatch(/^[0-9a-f-]{36}$/);
    expect(bContact).not.toBe(aContact);
    const contacts = (await xeroState()).xero.contacts;
    expect(contacts.find((c) => c.ContactID === aContact)).toMatchObject({ Name: name, ContactNumber: a.clientId });
    expect(contacts.find((c) => c.ContactID === bContact)).toMatchObject({
      Name: `${name} (LF-${b.clientId.slice(0, 8)})`,
      ContactNumber: b.clientId,
    });
    const logged = (await t.db.query(
      `SELECT before, after FROM activity_log WHERE client_id = $1 AND action = 'xero_contact.name_disambiguated'`,
      [b.clientId],
    )) as Array<{ before: unknown; after: unknown }>;
    expect(logged).toEqual([{ before: { name }, after: { name: `${name} (LF-${b.clientId.slice(0, 8)})`, contactId: bContact } }]);

    expect(await invoicedContact(b.token)).toBe(bContact);
    expect(await invoicedContact(a.token)).toBe(aContact);

    // With no stored contact id, an invoice finds the client's contact by its ContactNumber (and keeps it).
    await t.db.query('UPDATE clients SET xero_contact_id = NULL WHERE id = $1', [b.clientId]);
    expect(await invoicedContact(b.token)).toBe(bContact);
    expect(await storedContact(b.clientId)).toBe(bContact);
  });
});
