import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Plans1797600000000 implements MigrationInterface {
  name = 'Plans1797600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"plans\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(80) NOT NULL, \"monthly_price\" integer NOT NULL, \"currency\" character varying(3) NOT NULL DEFAULT 'GBP', \"seats_included\" integer NOT NULL, \"seat_price\" integer NOT NULL, \"billing_period\" character varying(10) NOT NULL DEFAULT 'monthly', \"is_public\" boolean NOT NULL DEFAULT true, \"is_default\" boolean NOT NULL DEFAULT false, \"retired_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"plans_billing_period_check\" CHECK (billing_period IN ('monthly', 'yearly')), CONSTRAINT \"plans_seats_check\" CHECK (seats_included >= 1), CONSTRAINT \"plans_prices_check\" CHECK (monthly_price >= 0 AND seat_price >= 0), CONSTRAINT \"PK_3720521a81c7c24fe9b7202ba61\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"plans_one_default\" ON \"plans\"  (\"is_default\") WHERE is_default");
    await queryRunner.query("CREATE UNIQUE INDEX \"plans_name_key\" ON \"plans\"  (\"name\") ");
    await queryRunner.query("CREATE TABLE \"client_subscriptions\" (\"client_id\" uuid NOT NULL, \"plan_id\" uuid NOT NULL, \"add_on_seats\" integer NOT NULL DEFAULT '0', \"comped_seats\" integer NOT NULL DEFAULT '0', \"status\" character varying(20) NOT NULL DEFAULT 'active', \"current_period_start\" TIMESTAMP WITH TIME ZONE NOT NULL, \"current_period_end\" TIMESTAMP WITH TIME ZONE, \"next_bill_at\" TIMESTAMP WITH TIME ZONE, \"cancel_at_period_end\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"client_subscriptions_status_check\" CHECK (status IN ('active', 'past_due', 'suspended', 'canceled')), CONSTRAINT \"client_subscriptions_seats_check\" CHECK (add_on_seats >= 0 AND comped_seats >= 0), CONSTRAINT \"PK_9bb7285b929bc88d5f92eb7a429\" PRIMARY KEY (\"client_id\"))");
    await queryRunner.query("CREATE INDEX \"client_subscriptions_plan_idx\" ON \"client_subscriptions\"  (\"plan_id\") ");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD CONSTRAINT \"client_subscriptions_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD CONSTRAINT \"client_subscriptions_plan_id_fkey\" FOREIGN KEY (\"plan_id\") REFERENCES \"plans\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // The free plan, default for new clients; every existing client moves onto it with its seat
    // limit unchanged: the seats beyond the plan's are comped. Done here, in the schema change's
    // transaction, so no client is ever without a subscription and it runs exactly once. The log
    // rows are written directly (no `activity.recorded` webhooks: this is our change, not the
    // client's, and would send one event per client at deploy).
    await queryRunner.query(
      "INSERT INTO plans (name, monthly_price, seats_included, seat_price, billing_period, is_public, is_default) VALUES ('Free', 0, 1, 0, 'monthly', true, true)",
    );
    await queryRunner.query(
      'INSERT INTO client_subscriptions (client_id, plan_id, comped_seats, current_period_start) SELECT c.id, p.id, GREATEST(c.seat_limit - p.seats_included, 0), now() FROM clients c CROSS JOIN plans p WHERE p.is_default',
    );
    await queryRunner.query(
      "INSERT INTO activity_log (client_id, actor_user_id, action, before, after) SELECT c.id, NULL, 'subscription.started', jsonb_build_object('seatLimit', c.seat_limit), jsonb_build_object('plan', p.name, 'seatsIncluded', p.seats_included, 'compedSeats', s.comped_seats, 'seatLimit', p.seats_included + s.comped_seats, 'reason', 'Moved onto the free plan when plans came in; the seats beyond the plan''s are comped, so the seat limit is unchanged') FROM client_subscriptions s JOIN clients c ON c.id = s.client_id JOIN plans p ON p.id = s.plan_id",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Seat limits stay as they are (clients.seat_limit was kept in step); the log keeps its rows.
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP CONSTRAINT \"client_subscriptions_plan_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP CONSTRAINT \"client_subscriptions_client_id_fkey\"");
    await queryRunner.query("DROP INDEX \"public\".\"client_subscriptions_plan_idx\"");
    await queryRunner.query("DROP TABLE \"client_subscriptions\"");
    await queryRunner.query("DROP INDEX \"public\".\"plans_name_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"plans_one_default\"");
    await queryRunner.query("DROP TABLE \"plans\"");
  }
}
