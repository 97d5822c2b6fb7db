import { MigrationInterface, QueryRunner } from 'typeorm';

export class WechatOutbox1796071151600 implements MigrationInterface {
  name = 'WechatOutbox1796071151600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "wechat_message" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL, "source_id" varchar(36), "openid" varchar(64) NOT NULL, "template" varchar(20) NOT NULL, "data" text NOT NULL, "status" varchar(10) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "created_at" datetime(3) NOT NULL, "sent_at" datetime(3), "error" varchar(200))',
    );
    await queryRunner.query('CREATE INDEX "ix_wechat_source" ON "wechat_message" ("source_id") ');
    await queryRunner.query('CREATE INDEX "ix_wechat_due" ON "wechat_message" ("status", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "temporary_automation" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "trigger" varchar(20) NOT NULL, "params" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "enabled" boolean NOT NULL DEFAULT (0), "enabled_at" datetime(3), "last_run_at" datetime(3), "last_error" varchar(200), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, "wechat" boolean NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_automation"("id", "name", "trigger", "params", "template_id", "coupon_count", "sms_text", "holdout_percent", "enabled", "enabled_at", "last_run_at", "last_error", "created_at", "updated_at") SELECT "id", "name", "trigger", "params", "template_id", "coupon_count", "sms_text", "holdout_percent", "enabled", "enabled_at", "last_run_at", "last_error", "created_at", "updated_at" FROM "automation"',
    );
    await queryRunner.query('DROP TABLE "automation"');
    await queryRunner.query('ALTER TABLE "temporary_automation" RENAME TO "automation"');
    await queryRunner.query(
      'CREATE TABLE "temporary_campaign" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "audience" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "state" varchar(10) NOT NULL, "cursor" varchar(36) NOT NULL DEFAULT (\'\'), "audience_count" integer NOT NULL DEFAULT (0), "holdout_count" integer NOT NULL DEFAULT (0), "treated_count" integer NOT NULL DEFAULT (0), "coupons_issued" integer NOT NULL DEFAULT (0), "sms_queued" integer NOT NULL DEFAULT (0), "excluded_consent" integer NOT NULL DEFAULT (0), "excluded_cap" integer NOT NULL DEFAULT (0), "excluded_stock" integer NOT NULL DEFAULT (0), "failure" varchar(200), "created_at" datetime(3) NOT NULL, "started_at" datetime(3), "finished_at" datetime(3), "updated_at" datetime(3) NOT NULL, "expected_audience" integer NOT NULL DEFAULT (0), "approved_by" varchar(36), "scheduled_at" datetime(3), "wechat" boolean NOT NULL DEFAULT (0), "wechat_queued" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_campaign"("id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience", "approved_by", "scheduled_at") SELECT "id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience", "approved_by", "scheduled_at" FROM "campaign"',
    );
    await queryRunner.query('DROP TABLE "campaign"');
    await queryRunner.query('ALTER TABLE "temporary_campaign" RENAME TO "campaign"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "campaign" RENAME TO "temporary_campaign"');
    await queryRunner.query(
      'CREATE TABLE "campaign" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "audience" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "state" varchar(10) NOT NULL, "cursor" varchar(36) NOT NULL DEFAULT (\'\'), "audience_count" integer NOT NULL DEFAULT (0), "holdout_count" integer NOT NULL DEFAULT (0), "treated_count" integer NOT NULL DEFAULT (0), "coupons_issued" integer NOT NULL DEFAULT (0), "sms_queued" integer NOT NULL DEFAULT (0), "excluded_consent" integer NOT NULL DEFAULT (0), "excluded_cap" integer NOT NULL DEFAULT (0), "excluded_stock" integer NOT NULL DEFAULT (0), "failure" varchar(200), "created_at" datetime(3) NOT NULL, "started_at" datetime(3), "finished_at" datetime(3), "updated_at" datetime(3) NOT NULL, "expected_audience" integer NOT NULL DEFAULT (0), "approved_by" varchar(36), "scheduled_at" datetime(3))',
    );
    await queryRunner.query(
      'INSERT INTO "campaign"("id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience", "approved_by", "scheduled_at") SELECT "id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience", "approved_by", "scheduled_at" FROM "temporary_campaign"',
    );
    await queryRunner.query('DROP TABLE "temporary_campaign"');
    await queryRunner.query('ALTER TABLE "automation" RENAME TO "temporary_automation"');
    await queryRunner.query(
      'CREATE TABLE "automation" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "trigger" varchar(20) NOT NULL, "params" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "enabled" boolean NOT NULL DEFAULT (0), "enabled_at" datetime(3), "last_run_at" datetime(3), "last_error" varchar(200), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "automation"("id", "name", "trigger", "params", "template_id", "coupon_count", "sms_text", "holdout_percent", "enabled", "enabled_at", "last_run_at", "last_error", "created_at", "updated_at") SELECT "id", "name", "trigger", "params", "template_id", "coupon_count", "sms_text", "holdout_percent", "enabled", "enabled_at", "last_run_at", "last_error", "created_at", "updated_at" FROM "temporary_automation"',
    );
    await queryRunner.query('DROP TABLE "temporary_automation"');
    await queryRunner.query('DROP INDEX "ix_wechat_due"');
    await queryRunner.query('DROP INDEX "ix_wechat_source"');
    await queryRunner.query('DROP TABLE "wechat_message"');
  }
}
