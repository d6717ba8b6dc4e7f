import { Contact, CreditNote, Invoice, LineAmountTypes, Payment, XeroClient } from 'xero-node';
import type { RunningSandbox } from '../src';
import { control, rejectionOf, startTestSandbox, submitForm } from './helpers';

const CLIENT_ID = 'XERO_SANDBOX_CLIENT';
const CLIENT_SECRET = 'xero-sandbox-secret';
const REDIRECT = 'http://127.0.0.1:9/xero/callback';

interface TokenSet {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  id_token?: string;
  scope: string;
}

/** xero-node rejects with a JSON string; this reads the HTTP status and body out of it. */
function xeroFailure(error: unknown): { statusCode: number; body: unknown; headers: Record<string, string> } {
  const parsed = JSON.parse(String(error)) as { response: { statusCode: number; body: unknown; headers: Record<string, string> } };
  return parsed.response;
}

describe('Xero emulator (OAuth over HTTP, Accounting API through xero-node)', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ xero: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  });
  afterAll(() => sandbox.close());

  const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

  async function tokenRequest(form: Record<string, string>): Promise<{ status: number; json: TokenSet & { error?: string } }> {
    const res = await fetch(sandbox.xero.tokenUrl, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, json: (await res.json()) as TokenSet & { error?: string } };
  }

  /** The whole consent dance: authorize page → "Allow access" → code → token. */
  async function connect(): Promise<{ tokens: TokenSet; tenantId: string }> {
    const authorize = new URL(sandbox.xero.authorizeUrl);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'openid profile email offline_access accounting.transactions accounting.contacts',
      state: 'state-123',
    }).toString();
    const consent = await (await fetch(authorize)).text();
    expect(consent).toContain('Allow access');
    const allowed = await submitForm(`${sandbox.url}/xero/identity/connect/authorize`, {
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'openid profile email offline_access accounting.transactions accounting.contacts',
      state: 'state-123',
      decision: 'allow',
    });
    expect(allowed.status).toBe(302);
    const callback = new URL(allowed.location ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('state-123');
    const code = callback.searchParams.get('code') ?? '';

    const { status, json: tokens } = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(status).toBe(200);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(1800);
    expect(tokens.access_token.split('.')).toHaveLength(3);
    expect(tokens.id_token?.split('.')).toHaveLength(3);
    expect((await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).json.error).toBe('invalid_grant');

    const connections = (await (
      await fetch(sandbox.xero.connectionsUrl, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    ).json()) as {
      tenantId: string;
      tenantType: string;
      tenantName: string;
    }[];
    expect(connections).toHaveLength(1);
    expect(connections[0].tenantType).toBe('ORGANISATION');
    return { tokens, tenantId: connections[0].tenantId };
  }

  function client(tokens: TokenSet): XeroClient {
    const xero = new XeroClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [REDIRECT],
      scopes: tokens.scope.split(' '),
    });
    xero.setTokenSet({ ...tokens });
    xero.accountingApi.basePath = sandbox.xero.apiBasePath;
    return xero;
  }

  it('runs OAuth, creates a contact, refuses a duplicate name, finds it by where, invoices and credits it', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);

    const created = await xero.accountingApi.createContacts(tenantId, {
      contacts: [{ name: 'Acme Solar Ltd', emailAddress: 'accounts@acme.example' }],
    });
    const contact = created.body.contacts?.[0];
    expect(contact?.contactID).toMatch(/^[0-9a-f-]{36}$/);
    expect(contact?.contactStatus).toBe(Contact.ContactStatusEnum.ACTIVE);

    const duplicate = xeroFailure(
      await rejectionOf(xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'acme solar ltd' }] })),
    );
    expect(duplicate.statusCode).toBe(400);
    const body = duplicate.body as { Type: string; Elements: { ValidationErrors: { Message: string }[] }[] };
    expect(body.Type).toBe('ValidationException');
    expect(body.Elements[0].ValidationErrors[0].Message).toBe(
      'The contact name acme solar ltd is already assigned to another contact. The contact name must be unique across all active contacts.',
    );

    const found = await xero.accountingApi.getContacts(tenantId, undefined, 'Name=="Acme Solar Ltd"');
    expect(found.body.contacts?.map((c) => c.contactID)).toEqual([contact?.contactID]);
    const byId = await xero.accountingApi.getContact(tenantId, contact?.contactID ?? '');
    expect(byId.body.contacts?.[0].name).toBe('Acme Solar Ltd');

    const invoiceRes = await xero.accountingApi.createInvoices(tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: contact?.contactID },
          lineItems: [
            { description: 'Solar leads x 10', quantity: 10, unitAmount: 25, accountCode: '200', taxType: 'OUTPUT2' },
            { description: 'Admin fee', quantity: 1, unitAmount: 9.99, accountCode: '200', taxType: 'OUTPUT2' },
          ],
          reference: 'TOPUP-1',
          date: '2025-03-01',
          dueDate: '2025-03-15',
          lineAmountTypes: LineAmountTypes.Exclusive,
          status: Invoice.StatusEnum.AUTHORISED,
        },
      ],
    });
    const invoice = invoiceRes.body.invoices?.[0];
    expect(invoice?.invoiceID).toBeDefined();
    expect(invoice?.invoiceNumber).toBe('INV-0001');
    expect(invoice?.subTotal).toBe(259.99);
    expect(invoice?.totalTax).toBe(52);
    expect(invoice?.total).toBe(311.99);
    expect(invoice?.reference).toBe('TOPUP-1');
    const fetched = await xero.accountingApi.getInvoice(tenantId, invoice?.invoiceID ?? '');
    expect(fetched.body.invoices?.[0].amountDue).toBe(311.99);

    const credit = await xero.accountingApi.createCreditNotes(tenantId, {
      creditNotes: [
        {
          type: CreditNote.TypeEnum.ACCRECCREDIT,
          contact: { contactID: contact?.contactID },
          lineItems: [{ description: 'Refund: 2 invalid leads', quantity: 2, unitAmount: 25, accountCode: '200', taxType: 'OUTPUT2' }],
          reference: 'REFUND-1',
          status: CreditNote.StatusEnum.AUTHORISED,
        },
      ],
    });
    expect(credit.body.creditNotes?.[0].creditNoteID).toMatch(/^[0-9a-f-]{36}$/);
    expect(credit.body.creditNotes?.[0].total).toBe(60);
  });

  it('keeps a ContactNumber, finds contacts by it through where as xero-node sends it, and refuses one over 50 characters', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    const number = '6f1c2a7e-0d4b-4c39-9a51-3e8f2b7d1c90';
    const created = await xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'Numbered Ltd', contactNumber: number }] });
    const id = created.body.contacts?.[0].contactID;
    await xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'Numbered Two Ltd', contactNumber: 'another-number' }] });
    const found = await xero.accountingApi.getContacts(tenantId, undefined, `ContactNumber=="${number}"`);
    expect(found.body.contacts?.map((c) => [c.contactID, c.contactNumber, c.name])).toEqual([[id, number, 'Numbered Ltd']]);
    expect((await xero.accountingApi.getContacts(tenantId, undefined, 'ContactNumber=="nobody"')).body.contacts).toEqual([]);
    const invoice = await xero.accountingApi.createInvoices(tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: id },
          lineItems: [{ description: 'Leads', quantity: 1, unitAmount: 10, accountCode: '200' }],
        },
      ],
    });
    expect(invoice.body.invoices?.[0].contact).toMatchObject({ contactID: id, contactNumber: number });

    const tooLong = xeroFailure(
      await rejectionOf(
        xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'Long Number Ltd', contactNumber: 'x'.repeat(51) }] }),
      ),
    );
    expect(tooLong.statusCode).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('The ContactNumber must be 50 characters or fewer.');
  });

  it('replays a create with the same Idempotency-Key instead of creating twice', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    const a = await xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'Idempotent Ltd' }] }, true, 'contact-idem-1');
    const b = await xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'Idempotent Ltd' }] }, true, 'contact-idem-1');
    expect(b.body.contacts?.[0].contactID).toBe(a.body.contacts?.[0].contactID);
    expect(b.response.headers['idempotent-replayed']).toBe('true');
    const all = await xero.accountingApi.getContacts(tenantId, undefined, 'Name=="Idempotent Ltd"');
    expect(all.body.contacts).toHaveLength(1);
  });

  it('returns 429 with Retry-After once 60 calls in a minute are used, when the rate limit is on', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    await control(sandbox, 'POST', '/xero/rate-limit', { enabled: true });
    try {
      const results = await Promise.allSettled(Array.from({ length: 61 }, () => xero.accountingApi.getContacts(tenantId)));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(60);
      expect(rejected).toHaveLength(1);
      const failure = xeroFailure(rejected[0].reason);
      expect(failure.statusCode).toBe(429);
      expect(Number(failure.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await control(sandbox, 'POST', '/xero/rate-limit', { enabled: false });
    }
  });

  it('answers an expired access token with 401 and accepts the refreshed, rotated one', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    await xero.accountingApi.getContacts(tenantId);
    await control(sandbox, 'POST', '/clock', { offsetSeconds: 1801 });
    try {
      const expired = xeroFailure(await rejectionOf(xero.accountingApi.getContacts(tenantId)));
      expect(expired.statusCode).toBe(401);
      expect(expired.body).toMatchObject({ Title: 'Unauthorized', Status: 401 });

      const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.json.refresh_token).not.toBe(tokens.refresh_token);
      // The spent refresh token is gone (rotation).
      expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json.error).toBe('invalid_grant');

      xero.setTokenSet({ ...refreshed.json });
      const ok = await xero.accountingApi.getContacts(tenantId);
      expect(ok.response.status).toBe(200);
    } finally {
      await control(sandbox, 'POST', '/clock', { offsetSeconds: 0 });
    }
  });

  it('refuses bad client credentials, missing tokens and unknown tenants', async () => {
    const badClient = await fetch(sandbox.xero.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:wrong`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(badClient.status).toBe(400);
    expect(await badClient.json()).toEqual({ error: 'invalid_client' });

    const { tokens } = await connect();
    const xero = client(tokens);
    expect(xeroFailure(await rejectionOf(xero.accountingApi.getContacts('00000000-0000-0000-0000-000000000000'))).statusCode).toBe(403);
    xero.setTokenSet({ ...tokens, access_token: 'not-a-token' });
    expect(xeroFailure(await rejectionOf(xero.accountingApi.getContacts('00000000-0000-0000-0000-000000000000'))).statusCode).toBe(401);
  });

  it('reports invoice validation errors in Xero shape (unknown account code, missing contact)', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    const failure = xeroFailure(
      await rejectionOf(
        xero.accountingApi.createInvoices(tenantId, {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, accountCode: '999' }],
              status: Invoice.StatusEnum.AUTHORISED,
            },
          ],
        }),
      ),
    );
    expect(failure.statusCode).toBe(400);
    const messages = (failure.body as { Elements: { ValidationErrors: { Message: string }[] }[] }).Elements[0].ValidationErrors.map(
      (v) => v.Message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        "Account code '999' is not a valid code for this document.",
        'A Contact must be specified for this type of transaction',
      ]),
    );
  });

  it('creates one contact when the same name is created in parallel; the rest get the validation error', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'Race Ltd' }] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(xeroFailure(r.reason).statusCode).toBe(400);
  });

  it('fails the next contact create on demand (control API), then recovers', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    await control(sandbox, 'POST', '/fail', {
      operation: 'xero.contacts.create',
      count: 1,
      error: { status: 503, message: 'Service Unavailable' },
    });
    expect(
      xeroFailure(await rejectionOf(xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'After Outage Ltd' }] }))).statusCode,
    ).toBe(503);
    const ok = await xero.accountingApi.createContacts(tenantId, { contacts: [{ name: 'After Outage Ltd' }] });
    expect(ok.body.contacts?.[0].name).toBe('After Outage Ltd');
  });

  async function invoiceFor(
    xero: XeroClient,
    tenantId: string,
    name: string,
    number?: string,
  ): Promise<{ contactId: string; invoice: Invoice }> {
    const contact = (await xero.accountingApi.createContacts(tenantId, { contacts: [{ name }] })).body.contacts?.[0];
    const created = await xero.accountingApi.createInvoices(tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: contact?.contactID },
          invoiceNumber: number,
          reference: number,
          lineItems: [{ description: 'Pro plan, December', quantity: 1, unitAmount: 50, accountCode: '200', taxType: 'OUTPUT2' }],
          date: '2026-12-01',
          dueDate: '2026-12-15',
          lineAmountTypes: LineAmountTypes.Exclusive,
          status: Invoice.StatusEnum.AUTHORISED,
        },
      ],
    });
    const invoice = created.body.invoices?.[0];
    if (!invoice || !contact?.contactID) throw new Error('no invoice');
    return { contactId: contact.contactID, invoice };
  }

  it('applies a payment to an invoice (PUT /Payments): the invoice becomes PAID, the payment is listed on it and replays by Idempotency-Key', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    const { invoice } = await invoiceFor(xero, tenantId, 'Payer Ltd', 'LF-000101');
    expect(invoice.invoiceNumber).toBe('LF-000101');
    expect(invoice.total).toBe(60);

    const payment: Payment = {
      invoice: { invoiceID: invoice.invoiceID },
      account: { code: '090' },
      date: '2026-12-02',
      amount: 60,
      reference: 'LF-000101',
    };
    const first = await xero.accountingApi.createPayment(tenantId, payment, 'payment:LF-000101');
    const saved = first.body.payments?.[0];
    expect(saved?.paymentID).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved?.paymentType).toBe(Payment.PaymentTypeEnum.ACCRECPAYMENT);
    expect(saved?.status).toBe(Payment.StatusEnum.AUTHORISED);
    expect(saved?.account?.code).toBe('090');
    expect(saved?.invoice?.invoiceID).toBe(invoice.invoiceID);

    const replay = await xero.accountingApi.createPayment(tenantId, payment, 'payment:LF-000101');
    expect(replay.body.payments?.[0].paymentID).toBe(saved?.paymentID);
    expect(replay.response.headers['idempotent-replayed']).toBe('true');

    const after = (await xero.accountingApi.getInvoice(tenantId, invoice.invoiceID ?? '')).body.invoices?.[0];
    expect(after?.status).toBe(Invoice.StatusEnum.PAID);
    expect(after?.amountPaid).toBe(60);
    expect(after?.amountDue).toBe(0);
    expect(after?.payments?.map((p) => [p.paymentID, p.amount, p.reference])).toEqual([[saved?.paymentID, 60, 'LF-000101']]);

    const listed = await xero.accountingApi.getPayments(tenantId, undefined, 'Reference=="LF-000101"');
    expect(listed.body.payments?.map((p) => p.paymentID)).toEqual([saved?.paymentID]);
    expect((await xero.accountingApi.getPayment(tenantId, saved?.paymentID ?? '')).body.payments?.[0].amount).toBe(60);

    // Nothing is left due: a second payment (without the key) is refused, as Xero refuses it.
    const again = xeroFailure(await rejectionOf(xero.accountingApi.createPayment(tenantId, { ...payment, amount: 1 })));
    expect(again.statusCode).toBe(400);
    expect(JSON.stringify(again.body)).toContain('Payment can only be made against Authorised documents.');
  });

  it('refuses a payment above the amount due, to a non-bank account, and a second invoice with the same number', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    const { invoice, contactId } = await invoiceFor(xero, tenantId, 'Overpayer Ltd', 'LF-000102');
    const tooMuch = xeroFailure(
      await rejectionOf(
        xero.accountingApi.createPayment(tenantId, { invoice: { invoiceID: invoice.invoiceID }, account: { code: '090' }, amount: 60.01 }),
      ),
    );
    expect(tooMuch.statusCode).toBe(400);
    expect(JSON.stringify(tooMuch.body)).toContain('Payment amount exceeds the amount outstanding on this document.');
    const sales = xeroFailure(
      await rejectionOf(
        xero.accountingApi.createPayment(tenantId, { invoice: { invoiceID: invoice.invoiceID }, account: { code: '200' }, amount: 10 }),
      ),
    );
    expect(JSON.stringify(sales.body)).toContain('Account type is invalid for making a payment');
    const partial = await xero.accountingApi.createPayment(tenantId, {
      invoice: { invoiceID: invoice.invoiceID },
      account: { code: '090' },
      amount: 10,
    });
    expect(partial.body.payments?.[0].amount).toBe(10);
    const after = (await xero.accountingApi.getInvoice(tenantId, invoice.invoiceID ?? '')).body.invoices?.[0];
    expect([after?.status, after?.amountPaid, after?.amountDue]).toEqual([Invoice.StatusEnum.AUTHORISED, 10, 50]);

    const duplicate = xeroFailure(
      await rejectionOf(
        xero.accountingApi.createInvoices(tenantId, {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID: contactId },
              invoiceNumber: 'LF-000102',
              lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, accountCode: '200' }],
            },
          ],
        }),
      ),
    );
    expect(JSON.stringify(duplicate.body)).toContain('Invoice # must be unique.');
  });

  it('allocates a credit note to an invoice (PUT /CreditNotes/{id}/Allocations): both settle, and over-allocation is refused', async () => {
    const { tokens, tenantId } = await connect();
    const xero = client(tokens);
    const { invoice, contactId } = await invoiceFor(xero, tenantId, 'Credited Ltd', 'LF-000103');
    const note = (
      await xero.accountingApi.createCreditNotes(tenantId, {
        creditNotes: [
          {
            type: CreditNote.TypeEnum.ACCRECCREDIT,
            contact: { contactID: contactId },
            creditNoteNumber: 'LF-CN-000001',
            reference: 'LF-CN-000001',
            lineItems: [{ description: 'Pro plan, December', quantity: 1, unitAmount: 50, accountCode: '200', taxType: 'OUTPUT2' }],
            status: CreditNote.StatusEnum.AUTHORISED,
          },
        ],
      })
    ).body.creditNotes?.[0];
    expect(note?.creditNoteNumber).toBe('LF-CN-000001');

    const tooMuch = xeroFailure(
      await rejectionOf(
        xero.accountingApi.createCreditNoteAllocation(tenantId, note?.creditNoteID ?? '', {
          allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 60.5, date: '2026-12-03' }],
        }),
      ),
    );
    expect(tooMuch.statusCode).toBe(400);
    expect(JSON.stringify(tooMuch.body)).toContain('exceeds the remaining credit');

    const allocated = await xero.accountingApi.createCreditNoteAllocation(
      tenantId,
      note?.creditNoteID ?? '',
      { allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 60, date: '2026-12-03' }] },
      undefined,
      'allocation:LF-CN-000001',
    );
    const allocation = allocated.body.allocations?.[0];
    expect(allocation?.amount).toBe(60);
    expect(allocation?.invoice.invoiceID).toBe(invoice.invoiceID);
    expect(allocation?.creditNote?.creditNoteID).toBe(note?.creditNoteID);

    const noteAfter = (await xero.accountingApi.getCreditNote(tenantId, note?.creditNoteID ?? '')).body.creditNotes?.[0];
    expect([noteAfter?.status, noteAfter?.remainingCredit]).toEqual([CreditNote.StatusEnum.PAID, 0]);
    expect(noteAfter?.allocations?.map((a) => [a.invoice.invoiceID, a.amount])).toEqual([[invoice.invoiceID, 60]]);
    const invoiceAfter = (await xero.accountingApi.getInvoice(tenantId, invoice.invoiceID ?? '')).body.invoices?.[0];
    expect([invoiceAfter?.status, invoiceAfter?.amountCredited, invoiceAfter?.amountDue]).toEqual([Invoice.StatusEnum.PAID, 60, 0]);
    expect(invoiceAfter?.creditNotes?.map((c) => [c.creditNoteID, c.appliedAmount])).toEqual([[note?.creditNoteID, 60]]);

    // The same key replays; a new allocation finds nothing left.
    const replay = await xero.accountingApi.createCreditNoteAllocation(
      tenantId,
      note?.creditNoteID ?? '',
      { allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 60, date: '2026-12-03' }] },
      undefined,
      'allocation:LF-CN-000001',
    );
    expect(replay.body.allocations?.[0].amount).toBe(60);
    const second = xeroFailure(
      await rejectionOf(
        xero.accountingApi.createCreditNoteAllocation(tenantId, note?.creditNoteID ?? '', {
          allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 1, date: '2026-12-03' }],
        }),
      ),
    );
    expect(JSON.stringify(second.body)).toContain('Only Authorised credit notes can be allocated.');
    expect(
      xeroFailure(
        await rejectionOf(
          xero.accountingApi.createCreditNoteAllocation(tenantId, '00000000-0000-0000-0000-000000000000', {
            allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 1, date: '2026-12-03' }],
          }),
        ),
      ).statusCode,
    ).toBe(404);
  });
});
