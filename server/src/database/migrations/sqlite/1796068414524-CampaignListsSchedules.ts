import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignListsSchedules1796068414524 implements MigrationInterface {
  name = 'CampaignListsSchedules1796068414524';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "campaign_list_member" ("campaign_id" varchar(36) NOT NULL, "member_id" varchar(36) NOT NULL, PRIMARY KEY ("campaign_id", "member_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "temporary_campaign" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "audience" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "state" varchar(10) NOT NULL, "cursor" varchar(36) NOT NULL DEFAULT (\'\'), "audience_count" integer NOT NULL DEFAULT (0), "holdout_count" integer NOT NULL DEFAULT (0), "treated_count" integer NOT NULL DEFAULT (0), "coupons_issued" integer NOT NULL DEFAULT (0), "sms_queued" integer NOT NULL DEFAULT (0), "excluded_consent" integer NOT NULL DEFAULT (0), "excluded_cap" integer NOT NULL DEFAULT (0), "excluded_stock" integer NOT NULL DEFAULT (0), "failure" varchar(200), "created_at" datetime(3) NOT NULL, "started_at" datetime(3), "finished_at" datetime(3), "updated_at" datetime(3) NOT NULL, "expected_audience" integer NOT NULL DEFAULT (0), "approved_by" varchar(36), "scheduled_at" datetime(3))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_campaign"("id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience", "approved_by") SELECT "id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience", "approved_by" FROM "campaign"',
    );
    await queryRunner.query('DROP TABLE "campaign"');
    await queryRunner.query('ALTER TABLE "temporary_campaign" RENAME TO "campaign"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "campaign" RENAME TO "temporary_campaign"');
    await queryRunner.query(
      'CREATE TABLE "campaign" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "audience" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "state" varchar(10) NOT NULL, "cursor" varchar(36) NOT NULL DEFAULT (\'\'), "audience_count" integer NOT NULL DEFAULT (0), "holdout_count" integer NOT NULL DEFAULT (0), "treated_count" integer NOT NULL DEFAULT (0), "coupons_issued" integer NOT NULL DEFAULT (0), "sms_queued" integer NOT NULL DEFAULT (0), "excluded_consent" integer NOT NULL DEFAULT (0), "excluded_cap" integer NOT NULL DEFAULT (0), "excluded_stock" integer NOT NULL DEFAULT (0), "failure" varchar(200), "created_at" datetime(3) NOT NULL, "started_at" datetime(3), "finished_at" datetime(3), "updated_at" datetime(3) NOT NULL, "expected_audience" integer NOT NULL DEFAULT (0), "approved_by" varchar(36))',
    );
    await queryRunner.query(
      'INSERT INTO "campaign"("id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience", "approved_by") SELECT "id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience", "approved_by" FROM "temporary_campaign"',
    );
    await queryRunner.query('DROP TABLE "temporary_campaign"');
    await queryRunner.query('DROP TABLE "campaign_list_member"');
  }
}
