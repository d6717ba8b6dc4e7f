import type { Clock } from '../core/clock';
import { uuid } from '../core/ids';

/**
 * Xero Accounting API objects, kept in Xero's own PascalCase JSON so xero-node's
 * ObjectSerializer reads them exactly as it reads Xero's.
 */

export type XeroObject = Record<string, unknown>;

export interface ValidationFailure {
  element: XeroObject;
  messages: string[];
}

export class XeroValidationError extends Error {
  constructor(readonly failures: ValidationFailure[]) {
    super('A validation exception occurred');
  }
}

export class XeroNotFoundError extends Error {}

/** `/Date(1700000000000+0000)/`, the format Xero's JSON uses for dates. */
export function msDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** 20% standard-rated output VAT and the other UK sales tax types. */
const TAX_RATES: Record<string, number> = {
  OUTPUT2: 0.2,
  RROUTPUT: 0.05,
  ZERORATEDOUTPUT: 0,
  EXEMPTOUTPUT: 0,
  NONE: 0,
};

/** A small UK chart of accounts (revenue codes an invoice line may use). */
const ACCOUNTS: Record<string, string> = {
  '200': 'Sales',
  '260': 'Other Revenue',
  '270': 'Interest Income',
  '400': 'Advertising',
  '404': 'Bank Fees',
  '429': 'General Expenses',
  '090': 'Business Bank Account',
  '800': 'Accounts Payable',
};

/** Accounts a payment may be made to or from (Xero: BANK accounts, or accounts with payments enabled). */
const PAYMENT_ACCOUNTS = new Set(['090']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function isObject(v: unknown): v is XeroObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Parses the `where` forms LeadFlow and most integrations send: `Name=="X"`, `ContactNumber=="…"`, `Name.Contains("x")`, joined by AND / &&. */
export function compileWhere(where: string): (o: XeroObject) => boolean {
  const clauses = where.split(/\s+(?:AND|&&)\s+/i).map((c) => c.trim());
  const tests = clauses.map((clause) => {
    let m = /^(\w+)(?:\.(ToLower|ToUpper)\(\))?\s*(==|!=)\s*(?:"((?:[^"\\]|\\.)*)"|Guid\("([^"]+)"\)|(true|false|\d+(?:\.\d+)?))$/i.exec(
      clause,
    );
    if (m) {
      const [, field, , op, quoted, guid, bare] = m;
      const expected = (quoted ?? guid ?? bare ?? '').replace(/\\(.)/g, '$1').toLowerCase();
      return (o: XeroObject): boolean => {
        const equal = String(o[field] ?? '').toLowerCase() === expected;
        return op === '==' ? equal : !equal;
      };
    }
    m = /^(\w+)\.(Contains|StartsWith|EndsWith)\("((?:[^"\\]|\\.)*)"\)$/i.exec(clause);
    if (m) {
      const [, field, fn, arg] = m;
      const needle = arg.replace(/\\(.)/g, '$1').toLowerCase();
      return (o: XeroObject): boolean => {
        const v = String(o[field] ?? '').toLowerCase();
        if (fn.toLowerCase() === 'contains') return v.includes(needle);
        if (fn.toLowerCase() === 'startswith') return v.startsWith(needle);
        return v.endsWith(needle);
      };
    }
    throw new XeroValidationError([{ element: {}, messages: [`The where clause '${clause}' is not supported by the sandbox.`] }]);
  });
  return (o) => tests.every((t) => t(o));
}

export class XeroAccounting {
  readonly contacts = new Map<string, XeroObject>();
  readonly invoices = new Map<string, XeroObject>();
  readonly creditNotes = new Map<string, XeroObject>();
  readonly payments = new Map<string, XeroObject>();
  /** AccountID per account code, stable for the sandbox's life (Xero answers with both). */
  private readonly accountIds = new Map<string, string>(Object.keys(ACCOUNTS).map((code) => [code, uuid()]));
  private invoiceSeq = 0;
  private creditNoteSeq = 0;

  constructor(private readonly clock: Clock) {}

  reset(): void {
    this.contacts.clear();
    this.invoices.clear();
    this.creditNotes.clear();
    this.payments.clear();
    this.invoiceSeq = 0;
    this.creditNoteSeq = 0;
  }

  private stamp(): string {
    return msDate(this.clock.nowMs());
  }

  private activeContactNamed(name: string, exceptId?: string): XeroObject | undefined {
    const key = name.trim().toLowerCase();
    return [...this.contacts.values()].find(
      (c) => c.ContactStatus === 'ACTIVE' && String(c.Name).trim().toLowerCase() === key && c.ContactID !== exceptId,
    );
  }

  /**
   * PUT creates only; POST creates or updates (by ContactID, or by an active contact's Name,
   * which is how Xero treats a POST whose name already exists).
   */
  saveContacts(
    items: XeroObject[],
    mode: 'create' | 'upsert',
    summarizeErrors: boolean,
  ): { saved: XeroObject[]; failures: ValidationFailure[] } {
    const failures: ValidationFailure[] = [];
    const plans: { input: XeroObject; existing?: XeroObject }[] = [];
    const batchNames = new Set<string>();
    for (const input of items) {
      const messages: string[] = [];
      const name = str(input.Name)?.trim();
      const id = str(input.ContactID);
      let existing: XeroObject | undefined;
      if (id) {
        existing = this.contacts.get(id);
        if (!existing) messages.push(`The contact with ID ${id} could not be found.`);
        else if (mode === 'create') messages.push('A contact with this ContactID already exists; use POST to update it.');
      }
      if (!existing && !name) messages.push('The contact name must be specified.');
      if (name) {
        const clash = this.activeContactNamed(name, existing ? str(existing.ContactID) : undefined);
        if (clash && mode === 'upsert' && !existing) existing = clash;
        else if (clash || batchNames.has(name.toLowerCase())) {
          messages.push(
            `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
          );
        }
        batchNames.add(name.toLowerCase());
      }
      // ContactNumber: an integration's own id for the contact (free text, not unique), filterable with where.
      const contactNumber = str(input.ContactNumber);
      if (contactNumber !== undefined && contactNumber.length > 50) messages.push('The ContactNumber must be 50 characters or fewer.');
      const email = str(input.EmailAddress);
      if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) messages.push('Email address must be valid.');
      if (messages.length > 0) failures.push({ element: input, messages });
      else plans.push({ input, existing });
    }
    if (failures.length > 0 && summarizeErrors) throw new XeroValidationError(failures);
    const saved = plans.map(({ input, existing }) => this.writeContact(input, existing));
    return { saved, failures };
  }

  private writeContact(input: XeroObject, existing?: XeroObject): XeroObject {
    const serverFields = new Set([
      'ContactID',
      'UpdatedDateUTC',
      'HasValidationErrors',
      'ValidationErrors',
      'StatusAttributeString',
      'IsCustomer',
      'IsSupplier',
    ]);
    const contact: XeroObject = existing ?? {
      ContactID: uuid(),
      ContactStatus: 'ACTIVE',
      Name: '',
      EmailAddress: '',
      BankAccountDetails: '',
      Addresses: [
        { AddressType: 'STREET', City: '', Region: '', PostalCode: '', Country: '' },
        { AddressType: 'POBOX', City: '', Region: '', PostalCode: '', Country: '' },
      ],
      Phones: [
        { PhoneType: 'DEFAULT', PhoneNumber: '', PhoneAreaCode: '', PhoneCountryCode: '' },
        { PhoneType: 'MOBILE', PhoneNumber: '', PhoneAreaCode: '', PhoneCountryCode: '' },
      ],
      ContactGroups: [],
      ContactPersons: [],
      IsSupplier: false,
      IsCustomer: false,
      HasAttachments: false,
      HasValidationErrors: false,
    };
    for (const [k, v] of Object.entries(input)) if (!serverFields.has(k)) contact[k] = k === 'Name' && typeof v === 'string' ? v.trim() : v;
    contact.UpdatedDateUTC = this.stamp();
    this.contacts.set(String(contact.ContactID), contact);
    return contact;
  }

  listContacts(q: {
    where?: string;
    ids?: string[];
    searchTerm?: string;
    includeArchived: boolean;
    page?: number;
    pageSize?: number;
  }): XeroObject[] {
    let list = [...this.contacts.values()];
    if (!q.includeArchived) list = list.filter((c) => c.ContactStatus !== 'ARCHIVED');
    if (q.ids?.length) list = list.filter((c) => q.ids?.includes(String(c.ContactID)));
    if (q.where) {
      const test = compileWhere(q.where);
      list = list.filter(test);
    }
    if (q.searchTerm) {
      const term = q.searchTerm.toLowerCase();
      list = list.filter((c) =>
        ['Name', 'FirstName', 'LastName', 'EmailAddress', 'ContactNumber', 'CompanyNumber'].some((f) =>
          String(c[f] ?? '')
            .toLowerCase()
            .includes(term),
        ),
      );
    }
    list.sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
    if (q.page) {
      const size = q.pageSize ?? 100;
      list = list.slice((q.page - 1) * size, q.page * size);
    }
    return list;
  }

  getContact(id: string): XeroObject {
    const c = this.contacts.get(id);
    if (!c) throw new XeroNotFoundError(`Contact ${id} not found`);
    return c;
  }

  private resolveContact(ref: unknown, messages: string[]): XeroObject | undefined {
    if (!isObject(ref)) {
      messages.push('A Contact must be specified for this type of transaction');
      return undefined;
    }
    const id = str(ref.ContactID);
    if (id) {
      const c = this.contacts.get(id);
      if (!c) messages.push(`The contact with ID ${id} could not be found.`);
      return c;
    }
    const name = str(ref.Name)?.trim();
    if (name) {
      // Xero creates the contact when a transaction names one it doesn't know.
      return this.activeContactNamed(name) ?? this.writeContact({ Name: name });
    }
    messages.push('A Contact must be specified for this type of transaction');
    return undefined;
  }

  private summaryContact(c: XeroObject): XeroObject {
    return {
      ContactID: c.ContactID,
      ...(c.ContactNumber ? { ContactNumber: c.ContactNumber } : {}),
      ContactStatus: c.ContactStatus,
      Name: c.Name,
      EmailAddress: c.EmailAddress,
      Addresses: c.Addresses,
      Phones: c.Phones,
      UpdatedDateUTC: c.UpdatedDateUTC,
      ContactGroups: [],
      HasValidationErrors: false,
    };
  }

  /** Lines + totals in pence to avoid float drift, then back to pounds as Xero reports them. */
  private computeLines(
    rawLines: unknown,
    lineAmountTypes: string,
    authorised: boolean,
    messages: string[],
  ): { lines: XeroObject[]; subTotal: number; totalTax: number; total: number } {
    const lines: XeroObject[] = [];
    let subPence = 0;
    let taxPence = 0;
    const items = Array.isArray(rawLines) ? rawLines : [];
    if (authorised && items.length === 0) messages.push('At least one line item must be specified for an approved document.');
    for (const raw of items) {
      if (!isObject(raw)) continue;
      const description = str(raw.Description);
      const quantity = num(raw.Quantity) ?? 1;
      const unit = num(raw.UnitAmount) ?? 0;
      const accountCode = str(raw.AccountCode);
      if (!description && !str(raw.ItemCode)) messages.push('Description needs to be specified for each line item.');
      if (accountCode && !(accountCode in ACCOUNTS)) messages.push(`Account code '${accountCode}' is not a valid code for this document.`);
      if (authorised && !accountCode) messages.push('Account code must be specified for each line item on an approved document.');
      const taxType = str(raw.TaxType) ?? (lineAmountTypes === 'NoTax' ? 'NONE' : 'OUTPUT2');
      const rate = TAX_RATES[taxType];
      if (rate === undefined) messages.push(`The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`);
      const linePence = Math.round(quantity * unit * 100);
      let lineTaxPence = 0;
      if (lineAmountTypes === 'Exclusive') lineTaxPence = Math.round(linePence * (rate ?? 0));
      else if (lineAmountTypes === 'Inclusive') lineTaxPence = Math.round(linePence - linePence / (1 + (rate ?? 0)));
      subPence += lineAmountTypes === 'Inclusive' ? linePence - lineTaxPence : linePence;
      taxPence += lineTaxPence;
      lines.push({
        LineItemID: uuid(),
        Description: description ?? '',
        Quantity: quantity,
        UnitAmount: unit,
        AccountCode: accountCode,
        TaxType: taxType,
        TaxAmount: lineTaxPence / 100,
        LineAmount: linePence / 100,
        Tracking: [],
        ...(str(raw.ItemCode) ? { ItemCode: str(raw.ItemCode) } : {}),
      });
    }
    return { lines, subTotal: subPence / 100, totalTax: taxPence / 100, total: round2((subPence + taxPence) / 100) };
  }

  private dateFields(value: unknown, key: 'Date' | 'DueDate', out: XeroObject, messages: string[]): void {
    const s = str(value);
    const ms = s ? Date.parse(/T/.test(s) ? `${s.replace(/Z?$/, '')}Z` : `${s}T00:00:00Z`) : undefined;
    if (s && (ms === undefined || Number.isNaN(ms))) {
      messages.push(`${key} is not a valid date.`);
      return;
    }
    if (ms === undefined) return;
    out[key] = msDate(ms);
    out[`${key}String`] = new Date(ms).toISOString().slice(0, 19);
  }

  createInvoices(items: XeroObject[], summarizeErrors: boolean): { saved: XeroObject[]; failures: ValidationFailure[] } {
    return this.createDocuments(items, summarizeErrors, 'invoice');
  }

  createCreditNotes(items: XeroObject[], summarizeErrors: boolean): { saved: XeroObject[]; failures: ValidationFailure[] } {
    return this.createDocuments(items, summarizeErrors, 'creditNote');
  }

  private createDocuments(
    items: XeroObject[],
    summarizeErrors: boolean,
    kind: 'invoice' | 'creditNote',
  ): { saved: XeroObject[]; failures: ValidationFailure[] } {
    const failures: ValidationFailure[] = [];
    const built: XeroObject[] = [];
    const allowedTypes = kind === 'invoice' ? ['ACCREC', 'ACCPAY'] : ['ACCRECCREDIT', 'ACCPAYCREDIT'];
    for (const input of items) {
      const messages: string[] = [];
      const type = str(input.Type);
      if (!type || !allowedTypes.includes(type))
        messages.push(`${kind === 'invoice' ? 'Invoice' : 'Credit note'} Type must be one of ${allowedTypes.join(', ')}.`);
      const status = str(input.Status) ?? 'DRAFT';
      if (!['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(status)) messages.push(`Status ${status} is not valid when creating a document.`);
      const lineAmountTypes = str(input.LineAmountTypes) ?? 'Exclusive';
      if (!['Exclusive', 'Inclusive', 'NoTax'].includes(lineAmountTypes)) messages.push(`LineAmountTypes ${lineAmountTypes} is not valid.`);
      const contact = this.resolveContact(input.Contact, messages);
      const number = str(input.InvoiceNumber);
      if (kind === 'invoice' && type === 'ACCREC' && number && this.liveSalesInvoiceNumbered(number, built))
        messages.push('Invoice # must be unique.');
      const totals = this.computeLines(input.LineItems, lineAmountTypes, status === 'AUTHORISED', messages);
      const doc: XeroObject = {};
      this.dateFields(input.Date ?? new Date(this.clock.nowMs()).toISOString().slice(0, 10), 'Date', doc, messages);
      if (input.DueDate !== undefined) this.dateFields(input.DueDate, 'DueDate', doc, messages);
      if (messages.length > 0) {
        failures.push({ element: input, messages });
        continue;
      }
      const common: XeroObject = {
        Type: type,
        Contact: contact ? this.summaryContact(contact) : undefined,
        Reference: str(input.Reference) ?? '',
        ...doc,
        Status: status,
        LineAmountTypes: lineAmountTypes,
        LineItems: totals.lines,
        SubTotal: totals.subTotal,
        TotalTax: totals.totalTax,
        Total: totals.total,
        UpdatedDateUTC: this.stamp(),
        CurrencyCode: str(input.CurrencyCode) ?? 'GBP',
        CurrencyRate: 1,
        HasAttachments: false,
        HasErrors: false,
      };
      if (kind === 'invoice') {
        built.push({
          ...common,
          InvoiceID: uuid(),
          InvoiceNumber: str(input.InvoiceNumber) ?? (type === 'ACCREC' ? `INV-${String(++this.invoiceSeq).padStart(4, '0')}` : ''),
          AmountDue: totals.total,
          AmountPaid: 0,
          AmountCredited: 0,
          IsDiscounted: false,
          SentToContact: false,
          Payments: [],
          CreditNotes: [],
          Prepayments: [],
          Overpayments: [],
        });
      } else {
        built.push({
          ...common,
          CreditNoteID: uuid(),
          CreditNoteNumber: str(input.CreditNoteNumber) ?? `CN-${String(++this.creditNoteSeq).padStart(4, '0')}`,
          RemainingCredit: totals.total,
          Allocations: [],
          Payments: [],
        });
      }
    }
    if (failures.length > 0 && summarizeErrors) throw new XeroValidationError(failures);
    const store = kind === 'invoice' ? this.invoices : this.creditNotes;
    const idField = kind === 'invoice' ? 'InvoiceID' : 'CreditNoteID';
    for (const doc of built) store.set(String(doc[idField]), doc);
    return { saved: built, failures };
  }

  getInvoice(id: string): XeroObject {
    const inv = this.invoices.get(id) ?? [...this.invoices.values()].find((i) => i.InvoiceNumber === id);
    if (!inv) throw new XeroNotFoundError(`Invoice ${id} not found`);
    return inv;
  }

  listInvoices(where?: string): XeroObject[] {
    const list = [...this.invoices.values()];
    return where ? list.filter(compileWhere(where)) : list;
  }

  getCreditNote(id: string): XeroObject {
    const cn = this.creditNotes.get(id) ?? [...this.creditNotes.values()].find((i) => i.CreditNoteNumber === id);
    if (!cn) throw new XeroNotFoundError(`Credit note ${id} not found`);
    return cn;
  }

  listCreditNotes(where?: string): XeroObject[] {
    const list = [...this.creditNotes.values()];
    return where ? list.filter(compileWhere(where)) : list;
  }

  private liveSalesInvoiceNumbered(number: string, batch: XeroObject[]): boolean {
    const key = number.toLowerCase();
    return [...this.invoices.values(), ...batch].some(
      (i) => i.Type === 'ACCREC' && String(i.InvoiceNumber).toLowerCase() === key && i.Status !== 'DELETED' && i.Status !== 'VOIDED',
    );
  }

  private account(ref: unknown, code: unknown): { AccountID: string; Code: string } | undefined {
    const wanted = isObject(ref) ? (str(ref.Code) ?? str(ref.AccountID)) : str(code);
    if (!wanted) return undefined;
    for (const [c, id] of this.accountIds) if (c === wanted || id === wanted) return { AccountID: id, Code: c };
    return undefined;
  }

  /** Marks a document PAID once nothing is due on it. */
  private settle(doc: XeroObject, dueField: 'AmountDue' | 'RemainingCredit', date: string): void {
    if (Number(doc[dueField]) <= 0) {
      doc.Status = 'PAID';
      if (dueField === 'AmountDue') doc.FullyPaidOnDate = date;
    }
    doc.UpdatedDateUTC = this.stamp();
  }

  /**
   * Payments against ACCREC/ACCPAY invoices (by `Invoice.InvoiceID`, `Invoice.InvoiceNumber` or
   * `InvoiceNumber`), to a bank account (`Account.Code`/`Account.AccountID` or `Code`). The invoice's
   * AmountPaid/AmountDue move and it becomes PAID when nothing is left due, as in Xero.
   */
  createPayments(items: XeroObject[], summarizeErrors: boolean): { saved: XeroObject[]; failures: ValidationFailure[] } {
    const failures: ValidationFailure[] = [];
    const plans: {
      input: XeroObject;
      invoice: XeroObject;
      account: { AccountID: string; Code: string };
      amount: number;
      date: XeroObject;
    }[] = [];
    const pendingPence = new Map<string, number>();
    for (const input of items) {
      const messages: string[] = [];
      const ref = isObject(input.Invoice) ? input.Invoice : {};
      const invoiceKey = str(ref.InvoiceID) ?? str(ref.InvoiceNumber) ?? str(input.InvoiceNumber);
      const invoice = invoiceKey
        ? (this.invoices.get(invoiceKey) ?? [...this.invoices.values()].find((i) => i.InvoiceNumber === invoiceKey))
        : undefined;
      if (!invoiceKey) messages.push('An Invoice, CreditNote, Prepayment or Overpayment must be specified.');
      else if (!invoice) messages.push(`Invoice could not be found: ${invoiceKey}`);
      else if (invoice.Status !== 'AUTHORISED') messages.push('Payment can only be made against Authorised documents.');
      const account = this.account(input.Account, input.Code);
      if (!account) messages.push('Account could not be found.');
      else if (!PAYMENT_ACCOUNTS.has(account.Code)) messages.push(`Account type is invalid for making a payment to/from: ${account.Code}`);
      const amount = num(input.Amount);
      if (amount === undefined || amount <= 0) messages.push('Payment amount must be greater than zero.');
      const date: XeroObject = {};
      this.dateFields(input.Date ?? new Date(this.clock.nowMs()).toISOString().slice(0, 10), 'Date', date, messages);
      if (invoice && amount !== undefined && amount > 0) {
        const id = String(invoice.InvoiceID);
        const duePence = Math.round(Number(invoice.AmountDue) * 100) - (pendingPence.get(id) ?? 0);
        if (Math.round(amount * 100) > duePence) messages.push('Payment amount exceeds the amount outstanding on this document.');
        else pendingPence.set(id, (pendingPence.get(id) ?? 0) + Math.round(amount * 100));
      }
      if (messages.length > 0 || !invoice || !account || amount === undefined) failures.push({ element: input, messages });
      else plans.push({ input, invoice, account, amount, date });
    }
    if (failures.length > 0 && summarizeErrors) throw new XeroValidationError(failures);
    const saved = plans.map(({ input, invoice, account, amount, date }) => {
      const payment: XeroObject = {
        PaymentID: uuid(),
        Date: date.Date,
        BankAmount: amount,
        Amount: amount,
        Reference: str(input.Reference) ?? '',
        CurrencyRate: 1,
        PaymentType: invoice.Type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT',
        Status: 'AUTHORISED',
        UpdatedDateUTC: this.stamp(),
        HasAccount: true,
        IsReconciled: input.IsReconciled === true,
        Account: account,
        Invoice: {
          Type: invoice.Type,
          InvoiceID: invoice.InvoiceID,
          InvoiceNumber: invoice.InvoiceNumber,
          Contact: invoice.Contact,
          CurrencyCode: invoice.CurrencyCode,
          Payments: [],
          CreditNotes: [],
          Prepayments: [],
          Overpayments: [],
          HasErrors: false,
          IsDiscounted: false,
          LineItems: [],
        },
        HasValidationErrors: false,
      };
      this.payments.set(String(payment.PaymentID), payment);
      const paid = Math.round(Number(invoice.AmountPaid) * 100) + Math.round(amount * 100);
      invoice.AmountPaid = paid / 100;
      invoice.AmountDue = round2(Number(invoice.Total) - Number(invoice.AmountCredited) - paid / 100);
      (invoice.Payments as XeroObject[]).push({
        PaymentID: payment.PaymentID,
        Date: payment.Date,
        Amount: amount,
        Reference: payment.Reference,
        CurrencyRate: 1,
        HasAccount: false,
        HasValidationErrors: false,
      });
      this.settle(invoice, 'AmountDue', String(payment.Date));
      return payment;
    });
    return { saved, failures };
  }

  listPayments(where?: string): XeroObject[] {
    const list = [...this.payments.values()];
    return where ? list.filter(compileWhere(where)) : list;
  }

  getPayment(id: string): XeroObject {
    const p = this.payments.get(id);
    if (!p) throw new XeroNotFoundError(`Payment ${id} not found`);
    return p;
  }

  /**
   * Allocates an AUTHORISED credit note to invoices of the same contact and type family
   * (ACCRECCREDIT → ACCREC). No more than the note's RemainingCredit nor the invoice's AmountDue;
   * either becomes PAID when nothing is left.
   */
  allocateCreditNote(
    creditNoteId: string,
    items: XeroObject[],
    summarizeErrors: boolean,
  ): { saved: XeroObject[]; failures: ValidationFailure[] } {
    const note = this.getCreditNote(creditNoteId);
    const failures: ValidationFailure[] = [];
    const plans: { invoice: XeroObject; amount: number; date: XeroObject }[] = [];
    let creditLeftPence = Math.round(Number(note.RemainingCredit) * 100);
    const pendingPence = new Map<string, number>();
    for (const input of items) {
      const messages: string[] = [];
      if (note.Status !== 'AUTHORISED') messages.push('Only Authorised credit notes can be allocated.');
      const ref = isObject(input.Invoice) ? input.Invoice : {};
      const invoiceId = str(ref.InvoiceID);
      const invoice = invoiceId ? this.invoices.get(invoiceId) : undefined;
      if (!invoice) messages.push(`Invoice could not be found: ${invoiceId ?? '(none given)'}`);
      else {
        const expected = note.Type === 'ACCRECCREDIT' ? 'ACCREC' : 'ACCPAY';
        if (invoice.Type !== expected) messages.push(`A ${String(note.Type)} credit note can only be allocated to an ${expected} invoice.`);
        if (invoice.Status !== 'AUTHORISED') messages.push('Credit notes can only be allocated to Authorised invoices.');
        if (!isObject(invoice.Contact) || !isObject(note.Contact) || invoice.Contact.ContactID !== note.Contact.ContactID)
          messages.push('The credit note and the invoice must be for the same contact.');
      }
      const amount = num(input.Amount);
      if (amount === undefined || amount <= 0) messages.push('Allocation amount must be greater than zero.');
      const date: XeroObject = {};
      this.dateFields(input.Date ?? new Date(this.clock.nowMs()).toISOString().slice(0, 10), 'Date', date, messages);
      if (invoice && amount !== undefined && amount > 0) {
        const pence = Math.round(amount * 100);
        const id = String(invoice.InvoiceID);
        const duePence = Math.round(Number(invoice.AmountDue) * 100) - (pendingPence.get(id) ?? 0);
        if (pence > creditLeftPence) messages.push('The amount being allocated exceeds the remaining credit on the credit note.');
        else if (pence > duePence) messages.push('The amount being allocated exceeds the amount outstanding on the invoice.');
        else if (messages.length === 0) {
          creditLeftPence -= pence;
          pendingPence.set(id, (pendingPence.get(id) ?? 0) + pence);
        }
      }
      if (messages.length > 0 || !invoice || amount === undefined) failures.push({ element: input, messages });
      else plans.push({ invoice, amount, date });
    }
    if (failures.length > 0 && summarizeErrors) throw new XeroValidationError(failures);
    const saved = plans.map(({ invoice, amount, date }) => {
      const allocation: XeroObject = {
        AllocationID: uuid(),
        Amount: amount,
        Date: date.Date,
        IsDeleted: false,
        Invoice: { InvoiceID: invoice.InvoiceID, InvoiceNumber: invoice.InvoiceNumber, Type: invoice.Type },
        CreditNote: { CreditNoteID: note.CreditNoteID, CreditNoteNumber: note.CreditNoteNumber },
        ValidationErrors: [],
      };
      (note.Allocations as XeroObject[]).push({
        AllocationID: allocation.AllocationID,
        Amount: amount,
        Date: date.Date,
        IsDeleted: false,
        Invoice: allocation.Invoice,
      });
      note.RemainingCredit = round2(Number(note.RemainingCredit) - amount);
      this.settle(note, 'RemainingCredit', String(date.Date));
      (invoice.CreditNotes as XeroObject[]).push({
        CreditNoteID: note.CreditNoteID,
        CreditNoteNumber: note.CreditNoteNumber,
        ID: note.CreditNoteID,
        AppliedAmount: amount,
        Date: date.Date,
        Total: note.Total,
        Reference: note.Reference,
      });
      invoice.AmountCredited = round2(Number(invoice.AmountCredited) + amount);
      invoice.AmountDue = round2(Number(invoice.Total) - Number(invoice.AmountCredited) - Number(invoice.AmountPaid));
      this.settle(invoice, 'AmountDue', String(date.Date));
      return allocation;
    });
    return { saved, failures };
  }
}
