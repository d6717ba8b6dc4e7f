import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { PasswordResetLinks, TeamInviteLinks } from '../identity';
import { AppConfig } from '../core/config/app-config';
import { EmailJobs, QUEUES } from '../core/queue/queues';
import { MailService } from './mail.service';
import type { Payment } from '../billing';
import { describeLead } from '../leads';
import { EmailFactsRepository } from './email-facts.repository';
import { SubscriptionEmails } from './subscription-emails';
import {
  invoiceIssuedEmail,
  lowBalanceEmail,
  teamInviteEmail,
  newLeadEmail,
  passwordResetEmail,
  paymentActionRequiredEmail,
  paymentFailedEmail,
  paymentSucceededEmail,
  reportDecidedEmail,
  webhookFailingEmail,
  welcomeEmail,
  type EmailContent,
  type PaymentFacts,
} from './templates/email-templates';

/** Runs in the worker process only. Each handler re-reads what it needs from the database. */
@Processor(QUEUES.email)
export class NotificationsProcessor {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly facts: EmailFactsRepository,
    private readonly teamLinks: TeamInviteLinks,
    private readonly mail: MailService,
    private readonly links: PasswordResetLinks,
    private readonly config: AppConfig,
    private readonly subscriptionEmails: SubscriptionEmails,
  ) {}

  @Process('email.welcome')
  async welcome(job: Job<EmailJobs['email.welcome']>): Promise<void> {
    const user = await this.facts.user(job.data.userId);
    if (!user) return this.logger.warn({ jobId: job.id }, 'Welcome email skipped: the user no longer exists');
    await this.mail.send(user.email, welcomeEmail({ firstName: user.firstName, appUrl: this.config.appUrl }), {
      clientId: user.clientId,
      kind: 'welcome',
    });
  }

  @Process('email.password-reset')
  async passwordReset(job: Job<EmailJobs['email.password-reset']>): Promise<void> {
    const reset = await this.facts.passwordReset(job.data.resetId);
    if (!reset?.user || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) {
      return this.logger.warn({ jobId: job.id }, 'Password reset email skipped: the reset is used, expired or gone');
    }
    const validMinutes = Math.max(1, Math.round((reset.expiresAt.getTime() - Date.now()) / 60_000));
    await this.mail.send(
      reset.user.email,
      passwordResetEmail({ firstName: reset.user.firstName, link: this.links.linkFor(reset.id), validMinutes }),
      { clientId: reset.user.clientId, kind: 'password_reset' },
    );
  }

  @Process('email.payment-succeeded')
  async paymentSucceeded(job: Job<EmailJobs['email.payment-succeeded']>): Promise<void> {
    await this.aboutPayment('payment_succeeded', job.data.paymentId, async (p, facts) => {
      const account = await this.facts.account(p.clientId);
      return paymentSucceededEmail({
        ...facts,
        balance: account?.balance ?? 0,
        receiptUrl: `${this.config.appUrl}/billing/receipts/${p.id}`,
      });
    });
  }

  @Process('email.payment-failed')
  async paymentFailed(job: Job<EmailJobs['email.payment-failed']>): Promise<void> {
    await this.aboutPayment('payment_failed', job.data.paymentId, async (p, facts) =>
      paymentFailedEmail({ ...facts, reason: p.failureReason ?? 'the card was declined' }),
    );
  }

  @Process('email.payment-action-required')
  async paymentActionRequired(job: Job<EmailJobs['email.payment-action-required']>): Promise<void> {
    await this.aboutPayment('payment_action_required', job.data.paymentId, async (p, facts) =>
      paymentActionRequiredEmail({ ...facts, actionUrl: p.nextActionUrl ?? facts.billingUrl }),
    );
  }

  @Process('email.invoice-issued')
  async invoiceIssued(job: Job<EmailJobs['email.invoice-issued']>): Promise<void> {
    await this.aboutPayment(
      'invoice_issued',
      job.data.paymentId,
      async (p, facts) =>
        invoiceIssuedEmail({
          ...facts,
          periodStart: p.periodStart ?? '',
          periodEnd: p.periodEnd ?? '',
          invoiceUrl: p.hostedInvoiceUrl ?? facts.billingUrl,
        }),
      'invoices',
    );
  }

  @Process('email.new-lead')
  async newLead(job: Job<EmailJobs['email.new-lead']>): Promise<void> {
    const delivery = await this.facts.delivery(job.data.deliveryId);
    if (!delivery) return this.logger.warn({ jobId: job.id }, 'New-lead email skipped: no such delivery');
    const lead = await this.facts.lead(delivery.leadId);
    const industry = await this.facts.industry(lead.industryId);
    const owner = await this.facts.owner(delivery.clientId);
    if (!owner) return;
    const fields = describeLead(industry.leadColumns, lead.fields as Record<string, unknown>, lead.contact);
    await this.mail.send(
      owner.email,
      newLeadEmail({
        firstName: owner.firstName,
        industry: industry.name,
        postcode: lead.postcode ?? '',
        price: delivery.price,
        fields,
        leadUrl: `${this.config.appUrl}/leads/${lead.id}`,
      }),
      { clientId: delivery.clientId, kind: 'new_lead' },
    );
  }

  @Process('email.low-balance')
  async lowBalance(job: Job<EmailJobs['email.low-balance']>): Promise<void> {
    const { clientId, zero } = job.data;
    if (!(await this.wants(clientId, 'lowBalance'))) return;
    const [owner, client, account] = await Promise.all([
      this.facts.owner(clientId),
      this.facts.client(clientId),
      this.facts.account(clientId),
    ]);
    if (!owner || !client || !account) return this.logger.warn({ clientId }, 'Low-balance email skipped: no such client or owner');
    // Sent only while it is still true: a top-up or an auto-charge since the event makes it stale.
    const stillTrue = zero ? account.balance <= 0 : account.balance < account.autoChargeThreshold;
    if (!stillTrue) return this.logger.log({ clientId, balance: account.balance }, 'Low-balance email skipped: topped up since');
    await this.mail.send(
      owner.email,
      lowBalanceEmail({
        firstName: owner.firstName,
        businessName: client.businessName ?? 'Your account',
        balance: account.balance,
        zero,
        autoCharge: account.autoChargeEnabled ? { amount: account.autoChargeAmount } : null,
        billingUrl: `${this.config.appUrl}/billing`,
      }),
      { clientId, kind: zero ? 'out_of_credit' : 'low_balance' },
    );
  }

  @Process('email.webhook-failing')
  async webhookFailing(job: Job<EmailJobs['email.webhook-failing']>): Promise<void> {
    const [endpoint, delivery] = await Promise.all([
      this.facts.endpoint(job.data.endpointId),
      this.facts.webhookDelivery(job.data.deliveryId),
    ]);
    if (!endpoint?.clientId || !delivery)
      return this.logger.warn({ jobId: job.id }, 'Webhook-failing email skipped: the endpoint or delivery is gone');
    if (!(await this.wants(endpoint.clientId, 'webhookFailures'))) return;
    const owner = await this.facts.owner(endpoint.clientId);
    if (!owner) return;
    await this.mail.send(
      owner.email,
      webhookFailingEmail({
        firstName: owner.firstName,
        url: endpoint.url,
        eventType: delivery.eventType,
        reason: delivery.lastError ?? `HTTP ${delivery.lastStatusCode}`,
        disabled: delivery.lastStatusCode === 410,
        integrationsUrl: `${this.config.appUrl}/integrations`,
      }),
      { clientId: endpoint.clientId, kind: 'webhook_failing' },
    );
  }

  @Process('email.team-invite')
  async teamInvite(job: Job<EmailJobs['email.team-invite']>): Promise<void> {
    const invite = await this.facts.teamInvite(job.data.inviteId);
    if (!invite || invite.usedAt || invite.expiresAt.getTime() <= Date.now())
      return this.logger.warn({ jobId: job.id }, 'Team invite email skipped: the invite is used, expired or revoked');
    const [inviter, client] = await Promise.all([this.facts.user(invite.invitedBy), this.facts.client(invite.clientId)]);
    const validDays = Math.max(1, Math.round((invite.expiresAt.getTime() - Date.now()) / 86_400_000));
    await this.mail.send(
      invite.email,
      teamInviteEmail({
        inviterName: inviter ? `${inviter.firstName} ${inviter.lastName}` : 'Your colleague',
        businessName: client?.businessName ?? 'their business',
        role: invite.role,
        link: this.teamLinks.linkFor(invite.id),
        validDays,
      }),
      { clientId: invite.clientId, kind: 'team_invite' },
    );
  }

  @Process('email.report-decided')
  async reportDecided(job: Job<EmailJobs['email.report-decided']>): Promise<void> {
    const report = await this.facts.report(job.data.reportId);
    if (!report || report.status === 'pending') return this.logger.warn({ jobId: job.id }, 'Report email skipped: no decided report');
    // Read when sent: a client who has since turned these emails off gets none.
    if (!(await this.wants(report.clientId, 'reports'))) return;
    const owner = await this.facts.owner(report.clientId);
    const delivery = await this.facts.delivery(report.deliveryId);
    if (!owner || !delivery) return;
    const lead = await this.facts.lead(report.leadId);
    await this.mail.send(
      owner.email,
      reportDecidedEmail({
        firstName: owner.firstName,
        approved: report.status === 'approved',
        postcode: lead.postcode ?? '',
        reportedOn: report.createdAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'Europe/London' }),
        refund: delivery.price,
        note: report.adminNote,
        leadUrl: `${this.config.appUrl}/leads/${lead.id}`,
      }),
      { clientId: report.clientId, kind: 'report_decided' },
    );
  }

  @Process('email.subscription-event')
  async subscriptionEvent(job: Job<EmailJobs['email.subscription-event']>): Promise<void> {
    await this.subscriptionEmails.send(job.data);
  }

  /** The client's email preference (defaults: on). */
  private async wants(clientId: string, kind: 'lowBalance' | 'payments' | 'invoices' | 'webhookFailures' | 'reports'): Promise<boolean> {
    const prefs = await this.facts.preferences(clientId);
    return prefs?.[kind] ?? true;
  }

  /** Emails the client's owner about a payment, with the amounts split into credit, VAT and total. */
  private async aboutPayment(
    label: string,
    paymentId: string,
    render: (p: Payment, facts: PaymentFacts) => Promise<EmailContent>,
    kind: 'payments' | 'invoices' = 'payments',
  ): Promise<void> {
    const payment = await this.facts.payment(paymentId);
    if (!payment) return this.logger.warn({ paymentId }, 'Payment email skipped: no such payment');
    if (!(await this.wants(payment.clientId, kind))) return;
    const owner = await this.facts.owner(payment.clientId);
    if (!owner) return this.logger.warn({ paymentId }, 'Payment email skipped: the client has no owner');
    const facts: PaymentFacts = {
      firstName: owner.firstName,
      kind: payment.kind,
      netAmount: payment.netAmount,
      vatAmount: payment.vatAmount,
      grossAmount: payment.grossAmount,
      vatRateBps: payment.vatRateBps,
      billingUrl: `${this.config.appUrl}/billing`,
    };
    await this.mail.send(owner.email, await render(payment, facts), { clientId: payment.clientId, kind: label });
  }
}
