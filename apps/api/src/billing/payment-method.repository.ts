import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { PaymentMethod } from './entities/payment-method.entity';

export type NewCard = Pick<PaymentMethod, 'clientId' | 'stripePaymentMethodId' | 'brand' | 'last4' | 'expMonth' | 'expYear' | 'isDefault'>;

/** payment_methods: a client's saved cards (Stripe holds the card; we keep what we show). */
@Injectable()
export class PaymentMethodRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The default first, then oldest first. */
  list(clientId: string): Promise<PaymentMethod[]> {
    return this.db.manager.find(PaymentMethod, { where: { clientId }, order: { isDefault: 'DESC', createdAt: 'ASC' } });
  }

  ofClient(clientId: string, id: string, tx?: Tx): Promise<PaymentMethod | null> {
    return managerOf(this.db, tx).findOne(PaymentMethod, { where: { id, clientId } });
  }

  defaultOf(clientId: string, tx?: Tx): Promise<PaymentMethod | null> {
    return managerOf(this.db, tx).findOne(PaymentMethod, { where: { clientId, isDefault: true } });
  }

  byStripeId(stripePaymentMethodId: string, tx?: Tx): Promise<PaymentMethod | null> {
    return managerOf(this.db, tx).findOne(PaymentMethod, { where: { stripePaymentMethodId } });
  }

  insert(tx: Tx, card: NewCard): Promise<PaymentMethod> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(PaymentMethod, card));
  }

  async makeDefault(tx: Tx, clientId: string, id: string): Promise<void> {
    const m = managerOf(this.db, tx);
    await m.update(PaymentMethod, { clientId, isDefault: true }, { isDefault: false });
    await m.update(PaymentMethod, { id }, { isDefault: true });
  }

  async remove(tx: Tx, id: string): Promise<void> {
    await managerOf(this.db, tx).delete(PaymentMethod, { id });
  }
}
