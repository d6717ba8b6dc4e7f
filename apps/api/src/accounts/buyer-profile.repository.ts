import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Client } from '../clients';
import { managerOf, type Tx } from '../core/database/transactions';
import { Industry } from '../catalog';
import type { CmsBuyerEventData } from '../webhooks';
import { User } from '../identity';
import { LeadPreferences } from './entities/lead-preferences.entity';

/** The read model of a buyer as the CMS keeps it: the client with its owner, industry and lead preferences. */
@Injectable()
export class BuyerProfileRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The `cms.buyer` payload (`CmsBuyerEventData`, version 2), read in the caller's transaction. */
  async of(txn: Tx, clientId: string): Promise<CmsBuyerEventData & Record<string, unknown>> {
    const tx = managerOf(this.db, txn);
    const client = await tx.findOneOrFail(Client, { where: { id: clientId } });
    const owner = await tx.findOne(User, { where: { clientId, clientRole: 'owner' } });
    const industry = client.industryId ? await tx.findOne(Industry, { where: { id: client.industryId } }) : null;
    const prefs = await tx.findOne(LeadPreferences, { where: { clientId } });
    return {
      clientId: client.id,
      businessName: client.businessName ?? '',
      billingMode: client.billingMode,
      status: client.status,
      owner: owner ? { firstName: owner.firstName, lastName: owner.lastName, email: owner.email, phone: owner.phone } : null,
      business: {
        name: client.businessName ?? '',
        industry: industry ? { id: industry.id, name: industry.name, leadCost: industry.leadCost, currency: industry.currency } : null,
        address: { line1: client.addressLine1 ?? '', line2: client.addressLine2, town: client.town ?? '', postcode: client.postcode ?? '' },
        phone: client.businessPhone ?? '',
        website: client.website,
      },
      leadPreferences: prefs
        ? {
            postcodeAreas: prefs.postcodeAreas,
            dailyCap: prefs.dailyCap,
            weeklyCap: prefs.weeklyCap,
            weeklySpendLimit: prefs.weeklySpendLimit,
            monthlySpendLimit: prefs.monthlySpendLimit,
            deliveryDays: prefs.deliveryDays,
            deliveryStart: toHhmm(prefs.deliveryStartMinute),
            deliveryEnd: toHhmm(prefs.deliveryEndMinute),
            timeZone: prefs.timeZone,
            paused: prefs.paused,
          }
        : null,
      integrations: {
        stripeCustomerId: client.stripeCustomerId,
        leadbyteBuyerId: client.leadbyteBuyerId,
        xeroContactId: client.xeroContactId,
      },
    };
  }
}

const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
