import { DataSource } from 'typeorm';
import { Client } from '../clients';
import { hashPassword, User, type Role } from '../identity';
import { ClientSubscription, Plan, seatsToKeep } from '../subscriptions';

export interface NewUser {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  phone: string;
  role: Role;
}

/**
 * Creates the user, or updates the password/role of the existing one with that email. Client users
 * get their own client account, on the free plan as a registration gives it (its usual seats kept).
 * Used by the admin command and the demo data (both idempotent).
 */
export async function upsertUser(db: DataSource, input: NewUser): Promise<{ user: User; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const existing = await tx.findOne(User, { where: { email }, lock: { mode: 'pessimistic_write' } });
    if (existing) {
      await tx.update(User, { id: existing.id }, { passwordHash, role: input.role });
      return { user: { ...existing, role: input.role }, created: false };
    }
    const client = input.role === 'client' ? await tx.save(tx.create(Client, {})) : null;
    if (client) {
      const { seatLimit } = await tx.findOneByOrFail(Client, { id: client.id });
      const plan = await tx.findOneByOrFail(Plan, { isDefault: true });
      await tx.save(
        tx.create(ClientSubscription, {
          clientId: client.id,
          planId: plan.id,
          compedSeats: seatsToKeep(seatLimit, plan.seatsIncluded),
          currentPeriodStart: new Date(),
        }),
      );
    }
    const user = await tx.save(
      tx.create(User, {
        email,
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
        phone: input.phone,
        role: input.role,
        clientId: client?.id ?? null,
        clientRole: client ? 'owner' : null,
      }),
    );
    return { user, created: true };
  });
}
