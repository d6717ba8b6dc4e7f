import express, { type Request, type Response, type Router } from 'express';
import type Stripe from 'stripe';
import { escapeHtml, formatMoney, page } from '../core/html';
import { StripeApiError } from './errors';
import { HOSTED, type CardInput, type StripeService } from './stripe.service';

/**
 * The pages Stripe hosts for a customer: Checkout (setup mode), the 3-D Secure challenge and
 * the hosted invoice. Plain HTML forms so Playwright (or a person at a demo) can drive them.
 */

function formString(req: Request, name: string): string {
  const body: unknown = req.body;
  if (body && typeof body === 'object' && name in body) {
    const value: unknown = (body as Record<string, unknown>)[name];
    return typeof value === 'string' ? value.trim() : '';
  }
  return '';
}

function cardFromForm(req: Request): CardInput {
  const exp = formString(req, 'exp').replace(/\s/g, '');
  const m = /^(\d{1,2})\/?(\d{2}|\d{4})$/.exec(exp);
  return {
    number: formString(req, 'number').replace(/\s/g, ''),
    expMonth: m ? Number(m[1]) : 0,
    expYear: m ? Number(m[2]) : 0,
    cvc: formString(req, 'cvc'),
    name: formString(req, 'name') || null,
  };
}

function cardFields(): string {
  return `
  <label for="number">Card number</label>
  <input id="number" name="number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required>
  <div class="row">
    <div><label for="exp">Expiry (MM / YY)</label><input id="exp" name="exp" autocomplete="cc-exp" placeholder="12 / 34" required></div>
    <div><label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" required></div>
  </div>
  <label for="name">Name on card</label>
  <input id="name" name="name" autocomplete="cc-name">
  <p class="muted">Test cards: 4242 4242 4242 4242 succeeds · 4000 0000 0000 0002 declines ·
  4000 0000 0000 9995 insufficient funds · 4000 0025 0000 3155 / 4000 0027 6000 3184 ask for 3-D Secure.</p>`;
}

function errorBox(message: string | undefined): string {
  return message ? `<div class="error" role="alert" id="error">${escapeHtml(message)}</div>` : '';
}

function notFound(res: Response, what: string): void {
  res
    .status(404)
    .type('html')
    .send(page('Not found', `<h1>Not found</h1><p>${escapeHtml(what)}</p>`));
}

function checkoutPage(service: StripeService, session: Stripe.Checkout.Session, error?: string): string {
  const customer = typeof session.customer === 'string' ? service.customers.get(session.customer) : undefined;
  const email = session.customer_email ?? customer?.email ?? '';
  if (session.status !== 'open') {
    return page(
      'Checkout',
      `<h1>Card saved</h1><div class="ok">This checkout session is ${escapeHtml(session.status)}.</div>`,
      'Stripe Checkout (sandbox)',
    );
  }
  return page(
    'Set up your card',
    `<h1>Save a card for future payments</h1>
     <p>${escapeHtml(service.accountName)} will be able to charge this card for future payments.</p>
     ${email ? `<p class="muted">Customer: <span id="customer-email">${escapeHtml(email)}</span></p>` : ''}
     ${errorBox(error)}
     <form method="post" action="/hosted/checkout/${escapeHtml(session.id)}">
       ${cardFields()}
       <button type="submit" id="submit">Save card</button>
       <a class="button secondary" id="cancel" href="/hosted/checkout/${escapeHtml(session.id)}/cancel">Cancel</a>
     </form>`,
    'Stripe Checkout (sandbox)',
  );
}

function invoicePage(invoice: Stripe.Invoice, error?: string): string {
  const lines = invoice.lines.data
    .map(
      (l) => `<tr><td>${escapeHtml(l.description ?? '')}</td><td>${l.quantity ?? 1}</td><td>${formatMoney(l.amount, l.currency)}</td></tr>`,
    )
    .join('');
  const due = invoice.due_date ? new Date(invoice.due_date * 1000).toISOString().slice(0, 10) : '—';
  const payable = invoice.status === 'open';
  return page(
    `Invoice ${invoice.number ?? ''}`,
    `<h1>Invoice <span id="invoice-number">${escapeHtml(invoice.number ?? invoice.id)}</span></h1>
     <p>From ${escapeHtml(invoice.account_name ?? '')} to ${escapeHtml(invoice.customer_name ?? invoice.customer_email ?? '')}</p>
     <p>Status: <strong id="invoice-status">${escapeHtml(invoice.status)}</strong> · Due ${escapeHtml(due)}</p>
     <table><thead><tr><th>Description</th><th>Qty</th><th>Amount</th></tr></thead><tbody>${lines}</tbody>
     <tfoot><tr><th colspan="2">Amount due</th><th id="amount-due">${formatMoney(invoice.amount_remaining, invoice.currency)}</th></tr></tfoot></table>
     ${invoice.status === 'paid' ? '<div class="ok" id="paid">This invoice has been paid. Thank you!</div>' : ''}
     ${errorBox(error)}
     ${
       payable
         ? `<form method="post" action="/hosted/invoices/${escapeHtml(invoice.id)}/pay">${cardFields()}
            <button type="submit" id="pay">Pay ${formatMoney(invoice.amount_remaining, invoice.currency)}</button></form>`
         : ''
     }
     <p class="muted"><a href="${escapeHtml(invoice.invoice_pdf ?? '#')}">Download invoice</a></p>`,
    'Stripe Invoice (sandbox)',
  );
}

function authenticatePage(intentId: string, amount: string | null, merchant: string): string {
  return page(
    '3D Secure 2 Test Page',
    `<h1>3D Secure 2 Test Page</h1>
     <p>${amount ? `Authorise a payment of <strong>${escapeHtml(amount)}</strong> to ${escapeHtml(merchant)}.` : `Authorise ${escapeHtml(merchant)} to save this card.`}</p>
     <p class="muted">This is a test authentication for ${escapeHtml(intentId)}. Choose an outcome.</p>
     <form method="post" action="/hosted/authenticate/${escapeHtml(intentId)}" style="display:inline">
       <input type="hidden" name="outcome" value="complete"><button type="submit" id="complete">Complete authentication</button>
     </form>
     <form method="post" action="/hosted/authenticate/${escapeHtml(intentId)}" style="display:inline">
       <input type="hidden" name="outcome" value="fail"><button type="submit" class="secondary" id="fail">Fail authentication</button>
     </form>`,
    'Stripe 3-D Secure (sandbox)',
  );
}

function resultPage(title: string, message: string, ok: boolean): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><div class="${ok ? 'ok' : 'error'}" id="result">${escapeHtml(message)}</div>`);
}

export function hostedRouter(service: StripeService): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false }));

  router.get('/checkout/:id', (req, res) => {
    const session = service.sessions.get(req.params.id);
    if (!session) return notFound(res, 'Checkout session not found');
    res.type('html').send(checkoutPage(service, session));
  });

  router.post('/checkout/:id', (req, res) => {
    const session = service.sessions.get(req.params.id);
    if (!session) return notFound(res, 'Checkout session not found');
    try {
      const { redirect } = service.submitCheckout(session.id, cardFromForm(req));
      res.redirect(303, redirect);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      res
        .status(error.status)
        .type('html')
        .send(checkoutPage(service, session, error.body.message));
    }
  });

  router.get('/checkout/:id/cancel', (req, res) => {
    const session = service.sessions.get(req.params.id);
    if (!session) return notFound(res, 'Checkout session not found');
    const target = service.sessionRedirect(session.cancel_url, session.id);
    if (target) res.redirect(303, target);
    else res.type('html').send(resultPage('Checkout cancelled', 'You can close this window.', false));
  });

  router.get('/authenticate/:id', (req, res) => {
    const id = req.params.id;
    const pi = id.startsWith('pi_') ? service.paymentIntents.get(id)?.pi : undefined;
    const si = id.startsWith('seti_') ? service.setupIntents.get(id)?.si : undefined;
    if (!pi && !si) return notFound(res, 'Nothing to authenticate');
    const status = pi?.status ?? si?.status;
    if (status !== 'requires_action') {
      return res
        .type('html')
        .send(resultPage('Authentication', `Nothing to authenticate: the status is ${status}.`, status === 'succeeded'));
    }
    res.type('html').send(authenticatePage(id, pi ? formatMoney(pi.amount, pi.currency) : null, service.accountName));
  });

  router.post('/authenticate/:id', (req, res) => {
    const id = req.params.id;
    if (!service.paymentIntents.has(id) && !service.setupIntents.has(id)) return notFound(res, 'Nothing to authenticate');
    const success = formString(req, 'outcome') === 'complete';
    const { redirect, status } = service.completeAuthentication(id, success);
    if (redirect) return res.redirect(303, redirect);
    res.type('html').send(resultPage(success ? 'Authentication complete' : 'Authentication failed', `Status: ${status}`, success));
  });

  router.get('/invoices/:id', (req, res) => {
    const invoice = service.invoices.get(req.params.id);
    if (!invoice || invoice.status === 'draft') return notFound(res, 'Invoice not found');
    res.type('html').send(invoicePage(invoice));
  });

  router.get('/invoices/:id/pdf', (req, res) => {
    const invoice = service.invoices.get(req.params.id);
    if (!invoice || invoice.status === 'draft') return notFound(res, 'Invoice not found');
    const lines = invoice.lines.data.map((l) => `${l.description ?? ''}  ${formatMoney(l.amount, l.currency)}`).join('\n');
    res
      .type('text/plain')
      .send(
        `INVOICE ${invoice.number}\n${invoice.account_name}\n\n${lines}\n\nTotal ${formatMoney(invoice.total, invoice.currency)}\nStatus ${invoice.status}\n`,
      );
  });

  router.post('/invoices/:id/pay', (req, res) => {
    const invoice = service.invoices.get(req.params.id);
    if (!invoice || invoice.status === 'draft') return notFound(res, 'Invoice not found');
    if (invoice.status !== 'open') return res.redirect(303, `/hosted/invoices/${invoice.id}`);
    try {
      const pmRec = service.createCardPaymentMethod(cardFromForm(req));
      const rec = service.payInvoiceWith(invoice, pmRec, true, HOSTED, invoice.hosted_invoice_url ?? null);
      if (rec.pi.status === 'requires_action') return res.redirect(303, `/hosted/authenticate/${rec.pi.id}`);
      res.redirect(303, `/hosted/invoices/${invoice.id}`);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      res.status(error.status).type('html').send(invoicePage(invoice, error.body.message));
    }
  });

  router.get('/done', (_req, res) => {
    res.type('html').send(resultPage('Done', 'You can close this window.', true));
  });

  return router;
}
