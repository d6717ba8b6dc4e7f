import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { splitVat } from '../billing';
import { AppConfig } from '../core/config/app-config';
import { isUniqueViolation } from '../core/database/sql';
import { Transactions } from '../core/database/transactions';
import type { CreatePlanDto, PlanDto, UpdatePlanDto } from './dto/plans.dto';
import type { Plan } from './entities/plan.entity';
import { PlanRepository, type PlanPatch } from './plan.repository';
import { SubscriptionRepository } from './subscription.repository';

const nameTaken = () =>
  new ConflictException({ message: 'A plan with this name already exists', details: [{ field: 'name', messages: ['name is taken'] }] });

/** The plans clients subscribe to: admins manage them, the pricing page lists the public ones. */
@Injectable()
export class PlansService {
  constructor(
    private readonly tx: Transactions,
    private readonly plans: PlanRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly config: AppConfig,
  ) {}

  view(p: Plan): PlanDto {
    // Net price, VAT on top: as a top-up is charged (billing/vat.ts).
    const vat = splitVat(p.monthlyPrice, this.config.billing.vatRateBps, 'added');
    return {
      id: p.id,
      name: p.name,
      currency: p.currency,
      monthlyPrice: p.monthlyPrice,
      monthlyVat: vat.vatAmount,
      monthlyGross: vat.grossAmount,
      seatsIncluded: p.seatsIncluded,
      seatPrice: p.seatPrice,
      billingPeriod: p.billingPeriod,
      isPublic: p.isPublic,
      isDefault: p.isDefault,
      active: p.retiredAt === null,
    };
  }

  async list(): Promise<PlanDto[]> {
    return (await this.plans.list()).map((p) => this.view(p));
  }

  async listPublic(): Promise<PlanDto[]> {
    return (await this.plans.listPublic()).map((p) => this.view(p));
  }

  async create(dto: CreatePlanDto): Promise<PlanDto> {
    try {
      const plan = await this.tx.run((tx) =>
        this.plans.insert(tx, {
          name: dto.name,
          monthlyPrice: dto.monthlyPrice,
          seatsIncluded: dto.seatsIncluded,
          seatPrice: dto.seatPrice,
          billingPeriod: dto.billingPeriod,
          isPublic: dto.isPublic,
        }),
      );
      return this.view(plan);
    } catch (err) {
      if (isUniqueViolation(err, 'plans_name_key')) throw nameTaken();
      throw err;
    }
  }

  /**
   * Name, prices and visibility may change at any time (no invoice exists yet to honour an old
   * price). Seats and billing period are what clients on the plan hold, so they are fixed once
   * anyone is on it: make a new plan instead. The free plan stays free and cannot be retired.
   */
  async update(id: string, dto: UpdatePlanDto): Promise<PlanDto> {
    try {
      await this.tx.run(async (tx) => {
        const plan = await this.plans.lock(tx, id);
        if (!plan) throw new NotFoundException('No plan with that id');
        if (plan.isDefault && dto.active === false)
          throw new ConflictException('The free plan is where new clients start; it cannot be retired');
        if (plan.isDefault && dto.monthlyPrice !== undefined && dto.monthlyPrice !== 0) {
          throw new BadRequestException({
            message: 'The free plan’s monthlyPrice stays 0',
            details: [{ field: 'monthlyPrice', messages: ['monthlyPrice of the free plan must be 0'] }],
          });
        }
        const fixed = (['seatsIncluded', 'billingPeriod'] as const).filter((f) => dto[f] !== undefined && dto[f] !== plan[f]);
        if (fixed.length && (await this.subscriptions.planInUse(tx, id))) {
          throw new ConflictException({
            message: `Clients are on this plan, so its ${fixed.join(' and ')} cannot change; create a new plan and retire this one`,
            details: fixed.map((field) => ({ field, messages: [`${field} is fixed while clients are on the plan`] })),
          });
        }
        const patch: PlanPatch = {
          name: dto.name,
          monthlyPrice: dto.monthlyPrice,
          seatsIncluded: dto.seatsIncluded,
          seatPrice: dto.seatPrice,
          billingPeriod: dto.billingPeriod,
          isPublic: dto.isPublic,
        };
        if (dto.active !== undefined && dto.active !== (plan.retiredAt === null)) patch.retiredAt = dto.active ? null : new Date();
        const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as PlanPatch;
        if (Object.keys(changes).length) await this.plans.update(tx, id, changes);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'plans_name_key')) throw nameTaken();
      throw err;
    }
    return this.view((await this.plans.byId(id))!);
  }

  /** Only a plan nobody is on; one in use is retired instead, so its subscriptions keep their terms. */
  async delete(id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const plan = await this.plans.lock(tx, id);
      if (!plan) throw new NotFoundException('No plan with that id');
      if (plan.isDefault) throw new ConflictException('The free plan is where new clients start; it cannot be deleted');
      if (await this.subscriptions.planInUse(tx, id)) {
        throw new ConflictException('Clients are on this plan, so it cannot be deleted; retire it instead (PATCH with active: false)');
      }
      await this.plans.delete(tx, id);
    });
  }
}
