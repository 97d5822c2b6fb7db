import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignApproval1796063109618 implements MigrationInterface {
  name = 'CampaignApproval1796063109618';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "temporary_campaign" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "audience" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "state" varchar(10) NOT NULL, "cursor" varchar(36) NOT NULL DEFAULT (\'\'), "audience_count" integer NOT NULL DEFAULT (0), "holdout_count" integer NOT NULL DEFAULT (0), "treated_count" integer NOT NULL DEFAULT (0), "coupons_issued" integer NOT NULL DEFAULT (0), "sms_queued" integer NOT NULL DEFAULT (0), "excluded_consent" integer NOT NULL DEFAULT (0), "excluded_cap" integer NOT NULL DEFAULT (0), "excluded_stock" integer NOT NULL DEFAULT (0), "failure" varchar(200), "created_at" datetime(3) NOT NULL, "started_at" datetime(3), "finished_at" datetime(3), "updated_at" datetime(3) NOT NULL, "expected_audience" integer NOT NULL DEFAULT (0), "approved_by" varchar(36))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_campaign"("id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience") SELECT "id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience" FROM "campaign"',
    );
    await queryRunner.query('DROP TABLE "campaign"');
    await queryRunner.query('ALTER TABLE "temporary_campaign" RENAME TO "campaign"');
    await queryRunner.query(
      'CREATE TABLE "temporary_chain_settings" ("id" integer PRIMARY KEY NOT NULL, "chain_name" varchar(64) NOT NULL, "time_zone" varchar(64) NOT NULL, "points_per_yuan" integer NOT NULL DEFAULT (1), "points_expiry_years" integer NOT NULL DEFAULT (1), "tier_window_months" integer NOT NULL DEFAULT (12), "tier_grace_days" integer NOT NULL DEFAULT (30), "member_code_step_seconds" integer NOT NULL DEFAULT (30), "updated_at" datetime(3) NOT NULL, "welcome_template_id" varchar(36), "lifecycle_new_days" integer NOT NULL DEFAULT (30), "lifecycle_dormant_days" integer NOT NULL DEFAULT (30), "lifecycle_lost_days" integer NOT NULL DEFAULT (90), "core_min_visits" integer NOT NULL DEFAULT (6), "core_min_spend_fen" integer NOT NULL DEFAULT (100000), "cap_per7_days" integer NOT NULL DEFAULT (2), "cap_per30_days" integer NOT NULL DEFAULT (4), "quiet_start_hour" integer NOT NULL DEFAULT (21), "quiet_end_hour" integer NOT NULL DEFAULT (9), "campaign_approval_above" integer NOT NULL DEFAULT (5000))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_chain_settings"("id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at", "welcome_template_id", "lifecycle_new_days", "lifecycle_dormant_days", "lifecycle_lost_days", "core_min_visits", "core_min_spend_fen", "cap_per7_days", "cap_per30_days", "quiet_start_hour", "quiet_end_hour") SELECT "id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at", "welcome_template_id", "lifecycle_new_days", "lifecycle_dormant_days", "lifecycle_lost_days", "core_min_visits", "core_min_spend_fen", "cap_per7_days", "cap_per30_days", "quiet_start_hour", "quiet_end_hour" FROM "chain_settings"',
    );
    await queryRunner.query('DROP TABLE "chain_settings"');
    await queryRunner.query('ALTER TABLE "temporary_chain_settings" RENAME TO "chain_settings"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "chain_settings" RENAME TO "temporary_chain_settings"');
    await queryRunner.query(
      'CREATE TABLE "chain_settings" ("id" integer PRIMARY KEY NOT NULL, "chain_name" varchar(64) NOT NULL, "time_zone" varchar(64) NOT NULL, "points_per_yuan" integer NOT NULL DEFAULT (1), "points_expiry_years" integer NOT NULL DEFAULT (1), "tier_window_months" integer NOT NULL DEFAULT (12), "tier_grace_days" integer NOT NULL DEFAULT (30), "member_code_step_seconds" integer NOT NULL DEFAULT (30), "updated_at" datetime(3) NOT NULL, "welcome_template_id" varchar(36), "lifecycle_new_days" integer NOT NULL DEFAULT (30), "lifecycle_dormant_days" integer NOT NULL DEFAULT (30), "lifecycle_lost_days" integer NOT NULL DEFAULT (90), "core_min_visits" integer NOT NULL DEFAULT (6), "core_min_spend_fen" integer NOT NULL DEFAULT (100000), "cap_per7_days" integer NOT NULL DEFAULT (2), "cap_per30_days" integer NOT NULL DEFAULT (4), "quiet_start_hour" integer NOT NULL DEFAULT (21), "quiet_end_hour" integer NOT NULL DEFAULT (9))',
    );
    await queryRunner.query(
      'INSERT INTO "chain_settings"("id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at", "welcome_template_id", "lifecycle_new_days", "lifecycle_dormant_days", "lifecycle_lost_days", "core_min_visits", "core_min_spend_fen", "cap_per7_days", "cap_per30_days", "quiet_start_hour", "quiet_end_hour") SELECT "id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at", "welcome_template_id", "lifecycle_new_days", "lifecycle_dormant_days", "lifecycle_lost_days", "core_min_visits", "core_min_spend_fen", "cap_per7_days", "cap_per30_days", "quiet_start_hour", "quiet_end_hour" FROM "temporary_chain_settings"',
    );
    await queryRunner.query('DROP TABLE "temporary_chain_settings"');
    await queryRunner.query('ALTER TABLE "campaign" RENAME TO "temporary_campaign"');
    await queryRunner.query(
      'CREATE TABLE "campaign" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "audience" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "state" varchar(10) NOT NULL, "cursor" varchar(36) NOT NULL DEFAULT (\'\'), "audience_count" integer NOT NULL DEFAULT (0), "holdout_count" integer NOT NULL DEFAULT (0), "treated_count" integer NOT NULL DEFAULT (0), "coupons_issued" integer NOT NULL DEFAULT (0), "sms_queued" integer NOT NULL DEFAULT (0), "excluded_consent" integer NOT NULL DEFAULT (0), "excluded_cap" integer NOT NULL DEFAULT (0), "excluded_stock" integer NOT NULL DEFAULT (0), "failure" varchar(200), "created_at" datetime(3) NOT NULL, "started_at" datetime(3), "finished_at" datetime(3), "updated_at" datetime(3) NOT NULL, "expected_audience" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "campaign"("id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience") SELECT "id", "name", "audience", "template_id", "coupon_count", "sms_text", "holdout_percent", "state", "cursor", "audience_count", "holdout_count", "treated_count", "coupons_issued", "sms_queued", "excluded_consent", "excluded_cap", "excluded_stock", "failure", "created_at", "started_at", "finished_at", "updated_at", "expected_audience" FROM "temporary_campaign"',
    );
    await queryRunner.query('DROP TABLE "temporary_campaign"');
  }
}
