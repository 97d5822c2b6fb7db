import { MigrationInterface, QueryRunner } from 'typeorm';

export class CouponUsedCounted1796115083954 implements MigrationInterface {
  name = 'CouponUsedCounted1796115083954';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_coupon_template"');
    await queryRunner.query(
      'CREATE TABLE "temporary_coupon_template" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "type" varchar(10) NOT NULL, "value_fen" integer, "percent_off" integer, "max_discount_fen" integer, "threshold_fen" integer, "item_name" varchar(64), "valid_from" datetime(3), "valid_to" datetime(3), "valid_days" integer, "weekdays" text, "time_windows" text, "store_ids" text, "min_tier_id" varchar(36), "stacking" varchar(10) NOT NULL DEFAULT (\'EXCLUSIVE\'), "max_per_bill" integer, "stock" integer, "issued_count" integer NOT NULL DEFAULT (0), "per_member_limit" integer, "per_member_daily_limit" integer, "channels" text, "points_cost" integer, "description" varchar(500), "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, "status" varchar(10) NOT NULL DEFAULT (\'PUBLISHED\'), "flash_start_at" datetime(3))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_coupon_template"("id", "name", "type", "value_fen", "percent_off", "max_discount_fen", "threshold_fen", "item_name", "valid_from", "valid_to", "valid_days", "weekdays", "time_windows", "store_ids", "min_tier_id", "stacking", "max_per_bill", "stock", "issued_count", "per_member_limit", "per_member_daily_limit", "channels", "points_cost", "description", "active", "created_at", "updated_at", "status", "flash_start_at") SELECT "id", "name", "type", "value_fen", "percent_off", "max_discount_fen", "threshold_fen", "item_name", "valid_from", "valid_to", "valid_days", "weekdays", "time_windows", "store_ids", "min_tier_id", "stacking", "max_per_bill", "stock", "issued_count", "per_member_limit", "per_member_daily_limit", "channels", "points_cost", "description", "active", "created_at", "updated_at", "status", "flash_start_at" FROM "coupon_template"',
    );
    await queryRunner.query('DROP TABLE "coupon_template"');
    await queryRunner.query('ALTER TABLE "temporary_coupon_template" RENAME TO "coupon_template"');
    await queryRunner.query(
      'CREATE INDEX "ix_coupon_template_status" ON "coupon" ("template_id", "status") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_coupon_template_status"');
    await queryRunner.query('ALTER TABLE "coupon_template" RENAME TO "temporary_coupon_template"');
    await queryRunner.query(
      'CREATE TABLE "coupon_template" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "type" varchar(10) NOT NULL, "value_fen" integer, "percent_off" integer, "max_discount_fen" integer, "threshold_fen" integer, "item_name" varchar(64), "valid_from" datetime(3), "valid_to" datetime(3), "valid_days" integer, "weekdays" text, "time_windows" text, "store_ids" text, "min_tier_id" varchar(36), "stacking" varchar(10) NOT NULL DEFAULT (\'EXCLUSIVE\'), "max_per_bill" integer, "stock" integer, "issued_count" integer NOT NULL DEFAULT (0), "used_count" integer NOT NULL DEFAULT (0), "per_member_limit" integer, "per_member_daily_limit" integer, "channels" text, "points_cost" integer, "description" varchar(500), "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, "status" varchar(10) NOT NULL DEFAULT (\'PUBLISHED\'), "flash_start_at" datetime(3))',
    );
    await queryRunner.query(
      'INSERT INTO "coupon_template"("id", "name", "type", "value_fen", "percent_off", "max_discount_fen", "threshold_fen", "item_name", "valid_from", "valid_to", "valid_days", "weekdays", "time_windows", "store_ids", "min_tier_id", "stacking", "max_per_bill", "stock", "issued_count", "per_member_limit", "per_member_daily_limit", "channels", "points_cost", "description", "active", "created_at", "updated_at", "status", "flash_start_at") SELECT "id", "name", "type", "value_fen", "percent_off", "max_discount_fen", "threshold_fen", "item_name", "valid_from", "valid_to", "valid_days", "weekdays", "time_windows", "store_ids", "min_tier_id", "stacking", "max_per_bill", "stock", "issued_count", "per_member_limit", "per_member_daily_limit", "channels", "points_cost", "description", "active", "created_at", "updated_at", "status", "flash_start_at" FROM "temporary_coupon_template"',
    );
    await queryRunner.query('DROP TABLE "temporary_coupon_template"');
    await queryRunner.query('CREATE INDEX "ix_coupon_template" ON "coupon" ("template_id") ');
  }
}
