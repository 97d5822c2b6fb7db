import { MigrationInterface, QueryRunner } from 'typeorm';

export class TillPayMethod1796049698183 implements MigrationInterface {
  name = 'TillPayMethod1796049698183';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_visit_member_time"');
    await queryRunner.query('DROP INDEX "ix_visit_store_time"');
    await queryRunner.query('DROP INDEX "ix_visit_time"');
    await queryRunner.query('DROP INDEX "uq_visit_import_key"');
    await queryRunner.query(
      'CREATE TABLE "temporary_visit" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36), "store_id" varchar(36) NOT NULL, "amount_fen" integer NOT NULL DEFAULT (0), "discount_fen" integer NOT NULL DEFAULT (0), "paid_fen" integer NOT NULL DEFAULT (0), "balance_paid_fen" integer NOT NULL DEFAULT (0), "occurred_at" datetime(3) NOT NULL, "party_size" integer, "channel" varchar(10) NOT NULL, "order_ref" varchar(64), "coupon_codes" text NOT NULL, "points_earned" integer NOT NULL DEFAULT (0), "status" varchar(10) NOT NULL DEFAULT (\'OK\'), "voided_at" datetime(3), "void_reason" varchar(200), "staff_id" varchar(36), "pos_key_id" varchar(40), "import_key" varchar(64), "created_at" datetime(3) NOT NULL, "pay_method" varchar(10))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_visit"("id", "member_id", "store_id", "amount_fen", "discount_fen", "paid_fen", "balance_paid_fen", "occurred_at", "party_size", "channel", "order_ref", "coupon_codes", "points_earned", "status", "voided_at", "void_reason", "staff_id", "pos_key_id", "import_key", "created_at") SELECT "id", "member_id", "store_id", "amount_fen", "discount_fen", "paid_fen", "balance_paid_fen", "occurred_at", "party_size", "channel", "order_ref", "coupon_codes", "points_earned", "status", "voided_at", "void_reason", "staff_id", "pos_key_id", "import_key", "created_at" FROM "visit"',
    );
    await queryRunner.query('DROP TABLE "visit"');
    await queryRunner.query('ALTER TABLE "temporary_visit" RENAME TO "visit"');
    await queryRunner.query('CREATE INDEX "ix_visit_member_time" ON "visit" ("member_id", "occurred_at") ');
    await queryRunner.query('CREATE INDEX "ix_visit_store_time" ON "visit" ("store_id", "occurred_at") ');
    await queryRunner.query('CREATE INDEX "ix_visit_time" ON "visit" ("occurred_at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_visit_import_key" ON "visit" ("import_key") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_visit_import_key"');
    await queryRunner.query('DROP INDEX "ix_visit_time"');
    await queryRunner.query('DROP INDEX "ix_visit_store_time"');
    await queryRunner.query('DROP INDEX "ix_visit_member_time"');
    await queryRunner.query('ALTER TABLE "visit" RENAME TO "temporary_visit"');
    await queryRunner.query(
      'CREATE TABLE "visit" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36), "store_id" varchar(36) NOT NULL, "amount_fen" integer NOT NULL DEFAULT (0), "discount_fen" integer NOT NULL DEFAULT (0), "paid_fen" integer NOT NULL DEFAULT (0), "balance_paid_fen" integer NOT NULL DEFAULT (0), "occurred_at" datetime(3) NOT NULL, "party_size" integer, "channel" varchar(10) NOT NULL, "order_ref" varchar(64), "coupon_codes" text NOT NULL, "points_earned" integer NOT NULL DEFAULT (0), "status" varchar(10) NOT NULL DEFAULT (\'OK\'), "voided_at" datetime(3), "void_reason" varchar(200), "staff_id" varchar(36), "pos_key_id" varchar(40), "import_key" varchar(64), "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "visit"("id", "member_id", "store_id", "amount_fen", "discount_fen", "paid_fen", "balance_paid_fen", "occurred_at", "party_size", "channel", "order_ref", "coupon_codes", "points_earned", "status", "voided_at", "void_reason", "staff_id", "pos_key_id", "import_key", "created_at") SELECT "id", "member_id", "store_id", "amount_fen", "discount_fen", "paid_fen", "balance_paid_fen", "occurred_at", "party_size", "channel", "order_ref", "coupon_codes", "points_earned", "status", "voided_at", "void_reason", "staff_id", "pos_key_id", "import_key", "created_at" FROM "temporary_visit"',
    );
    await queryRunner.query('DROP TABLE "temporary_visit"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_visit_import_key" ON "visit" ("import_key") ');
    await queryRunner.query('CREATE INDEX "ix_visit_time" ON "visit" ("occurred_at") ');
    await queryRunner.query('CREATE INDEX "ix_visit_store_time" ON "visit" ("store_id", "occurred_at") ');
    await queryRunner.query('CREATE INDEX "ix_visit_member_time" ON "visit" ("member_id", "occurred_at") ');
  }
}
