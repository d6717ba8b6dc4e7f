import { Transactions } from '../core/database/transactions';
import { Process, Processor } from '@nestjs/bull';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import Stripe from 'stripe';
import { STRIPE } from '../billing';
import { ActivityService } from '../activity';
import { XeroNotConnectedError, XeroRateLimitedError, XeroService } from '../xero';
import { type Client, ClientRepository } from '../clients';
import { type User, UserRepository } from '../identity';
import { IntegrationJobs, QUEUES } from '../core/queue/queues';
import type { IntegrationKind, IntegrationState } from './entities/integration-state.entity';
import { IntegrationStateRepository } from './integration-state.repository';
import { IntegrationsService } from './integrations.service';
import { LeadbyteClient } from './leadbyte.client';

type Outcome = 'done' | { waiting: string };

/**
 * Registers clients with Stripe, LeadByte and Xero (worker only). Every handler re-reads the
 * client and is safe to run twice: it finds what an earlier attempt created instead of creating
 * it again (Stripe: search by our id + idempotency key; Xero: lookup by ContactNumber = our id +
 * idempotency key, never by name).
 */
@Processor(QUEUES.integrations)
export class IntegrationsProcessor {
  private readonly logger = new Logger(IntegrationsProcessor.name);

  constructor(
    private readonly tx: Transactions,
    private readonly clients: ClientRepository,
    private readonly users: UserRepository,
    private readonly states: IntegrationStateRepository,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly leadbyte: LeadbyteClient,
    private readonly xero: XeroService,
    private readonly integrations: IntegrationsService,
    private readonly activity: ActivityService,
  ) {}

  @Process('register.stripe-customer')
  stripeCustomer(job: Job<IntegrationJobs['register.stripe-customer']>): Promise<void> {
    return this.run(job, 'stripe_customer', async (client, owner) => {
      const details: Stripe.CustomerUpdateParams = {
        name: client.businessName ?? undefined,
        email: owner?.email,
        phone: client.businessPhone ?? undefined,
        address: {
          line1: client.addressLine1 ?? undefined,
          line2: client.addressLine2 ?? undefined,
          city: client.town ?? undefined,
          postal_code: client.postcode ?? undefined,
          country: 'GB',
        },
        metadata: { clientId: client.id },
      };
      if (client.stripeCustomerId) {
        await this.stripe.customers.update(client.stripeCustomerId, details);
        return 'done';
      }
      const found = await this.stripe.customers.search({ query: `metadata['clientId']:'${client.id}'`, limit: 1 });
      const customer =
        found.data[0] ??
        (await this.stripe.customers.create(
          { ...(details as Stripe.CustomerCreateParams), metadata: { clientId: client.id } },
          { idempotencyKey: `customer:${client.id}` },
        ));
      // Only set it if still unset: a concurrent run may have won.
      await this.clients.link(client.id, 'stripeCustomerId', customer.id);
      return 'done';
    });
  }

  @Process('register.leadbyte-buyer')
  leadbyteBuyer(job: Job<IntegrationJobs['register.leadbyte-buyer']>): Promise<void> {
    return this.run(job, 'leadbyte_buyer', async (client) => {
      if (client.leadbyteBuyerId) return 'done'; // LeadByte has no buyer update; the bid stays valid.
      const bid = await this.leadbyte.createBuyer({
        company: client.businessName ?? client.id,
        postcode: client.postcode ?? '',
        externalRef: client.id,
      });
      await this.clients.link(client.id, 'leadbyteBuyerId', bid);
      return 'done';
    });
  }

  @Process('register.xero-contact')
  xeroContact(job: Job<IntegrationJobs['register.xero-contact']>): Promise<void> {
    return this.run(job, 'xero_contact', async (client, owner) => {
      if (client.xeroContactId) return 'done';
      try {
        const name = client.businessName ?? client.id;
        const contact = await this.xero.ensureContact({
          contactNumber: client.id,
          name,
          email: owner?.email ?? null,
          reference: `contact:${client.id}`,
        });
        await this.tx.run(async (tx) => {
          const stored = await this.clients.link(client.id, 'xeroContactId', contact.contactId, tx);
          // Recorded once, by the run that stored the contact: its Xero name is not the business name.
          if (stored && contact.disambiguated) {
            await this.activity.record(tx, {
              clientId: client.id,
              actorUserId: null,
              action: 'xero_contact.name_disambiguated',
              before: { name },
              after: { name: contact.name, contactId: contact.contactId },
            });
          }
        });
        return 'done';
      } catch (err) {
        if (err instanceof XeroNotConnectedError) return { waiting: 'Waiting for an admin to connect Xero' };
        if (err instanceof XeroRateLimitedError) {
          await this.integrations.requeue(client.id, 'xero_contact', err.retryAfterMs);
          return { waiting: `Xero rate limit reached; retrying in ${Math.ceil(err.retryAfterMs / 1000)} s` };
        }
        throw err;
      }
    });
  }

  private async run(
    job: Job<{ clientId: string }>,
    kind: IntegrationKind,
    work: (client: Client, owner: User | null) => Promise<Outcome>,
  ): Promise<void> {
    const { clientId } = job.data;
    const attempt = job.attemptsMade + 1;
    const client = await this.clients.byId(clientId);
    if (!client) return this.logger.warn({ jobId: job.id }, 'Integration job skipped: the client no longer exists');
    const owner = await this.users.ownerOf(clientId);
    try {
      const outcome = await work(client, owner);
      await this.setState(
        clientId,
        kind,
        job,
        outcome === 'done' ? { status: 'done', lastError: null } : { status: 'waiting', lastError: outcome.waiting },
        attempt,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = attempt >= (job.opts.attempts ?? 1);
      await this.setState(clientId, kind, job, { status: final ? 'failed' : 'pending', lastError: message }, attempt);
      this.logger.warn({ jobId: job.id, attempt, final, err: message }, 'Integration job failed');
      throw err;
    }
  }

  /** Writes the outcome unless a newer run (higher revision) has taken over the state. */
  private async setState(
    clientId: string,
    kind: IntegrationKind,
    job: Job,
    change: Pick<IntegrationState, 'status' | 'lastError'>,
    attempts: number,
  ): Promise<void> {
    const revision = Number(String(job.id).split(':').pop());
    await this.states.finishRun(clientId, kind, revision, { ...change, attempts });
  }
}
