import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import { PaymentsService } from './payments.service';
import { renderReceiptPdf } from './receipt-pdf';
import { buildReceipt, type Receipt } from './receipts';

/** A paid payment's VAT receipt: the facts for the page, and the same facts as a PDF. */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly payments: PaymentsService,
    private readonly clients: ClientRepository,
    private readonly config: AppConfig,
  ) {}

  /** 404 for another client's payment (or none), 409 for one that was not paid. */
  async receipt(clientId: string, paymentId: string): Promise<Receipt> {
    const payment = await this.payments.get(clientId, paymentId);
    if (payment.status !== 'succeeded') {
      throw new ConflictException(
        payment.status === 'failed' || payment.status === 'canceled'
          ? 'This payment did not go through, so there is no receipt for it'
          : 'This payment is not paid yet: its receipt is ready once it is',
      );
    }
    const client = await this.clients.byId(clientId);
    if (!client) throw new NotFoundException('No such account');
    const { seller, timeZone } = this.config.billing;
    return buildReceipt(payment, client, seller, timeZone);
  }

  async pdf(clientId: string, paymentId: string): Promise<{ filename: string; pdf: Buffer }> {
    const receipt = await this.receipt(clientId, paymentId);
    return { filename: `leadflow-receipt-${receipt.number}.pdf`, pdf: await renderReceiptPdf(receipt) };
  }
}
