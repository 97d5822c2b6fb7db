import { MigrationInterface, QueryRunner } from 'typeorm';

export class InsightHabitsClusters1796057123429 implements MigrationInterface {
  name = 'InsightHabitsClusters1796057123429';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "insight_summary" ("store_id" varchar(36) PRIMARY KEY NOT NULL, "as_of" varchar(10) NOT NULL, "data" text NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "insight_cluster" ("key" varchar(32) PRIMARY KEY NOT NULL, "auto_name" varchar(32) NOT NULL, "custom_name" varchar(32), "custom_description" varchar(200), "auto_description" varchar(200) NOT NULL, "centroid" text NOT NULL, "members" integer NOT NULL DEFAULT (0), "current" boolean NOT NULL DEFAULT (1), "silhouette" double, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "insight_xt" ("x" integer NOT NULL, "t" integer NOT NULL, "n30" double NOT NULL DEFAULT (0), "n90" double NOT NULL DEFAULT (0), PRIMARY KEY ("x", "t"))',
    );
    await queryRunner.query('DROP INDEX "ix_insight_rfm"');
    await queryRunner.query('DROP INDEX "ix_insight_lifecycle"');
    await queryRunner.query('DROP INDEX "ix_insight_palive"');
    await queryRunner.query('DROP INDEX "ix_insight_triple"');
    await queryRunner.query(
      'CREATE TABLE "temporary_member_insight" ("member_id" varchar(36) PRIMARY KEY NOT NULL, "as_of" varchar(10) NOT NULL, "recency_days" integer, "frequency" integer NOT NULL DEFAULT (0), "monetary_fen" integer NOT NULL DEFAULT (0), "r_score" integer, "f_score" integer, "m_score" integer, "rfm_segment" varchar(16), "lifecycle" varchar(10) NOT NULL, "repeat_days" integer NOT NULL DEFAULT (0), "first_day" integer, "last_day" integer, "avg_interval_days" double, "next_visit_on" varchar(10), "p_alive" double, "expected_visits30" double, "expected_visits90" double, "cluster" varchar(32), "updated_at" datetime(3) NOT NULL, "lifecycle_prev" varchar(10) NOT NULL DEFAULT (\'NONE\'), "loyalty" varchar(12), "prev_repeat_days" integer, "prev_last_day" integer, "prev_frequency" integer NOT NULL DEFAULT (0), "prev_monetary_fen" integer NOT NULL DEFAULT (0), "p_alive_prev" double, "favourite_store_id" varchar(36), "lunch_share" double, "dinner_share" double, "late_share" double, "weekend_share" double, "coupon_share" double, "avg_party_size" double)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_member_insight"("member_id", "as_of", "recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score", "rfm_segment", "lifecycle", "repeat_days", "first_day", "last_day", "avg_interval_days", "next_visit_on", "p_alive", "expected_visits30", "expected_visits90", "cluster", "updated_at") SELECT "member_id", "as_of", "recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score", "rfm_segment", "lifecycle", "repeat_days", "first_day", "last_day", "avg_interval_days", "next_visit_on", "p_alive", "expected_visits30", "expected_visits90", "cluster", "updated_at" FROM "member_insight"',
    );
    await queryRunner.query('DROP TABLE "member_insight"');
    await queryRunner.query('ALTER TABLE "temporary_member_insight" RENAME TO "member_insight"');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_rfm" ON "member_insight" ("r_score", "f_score", "m_score") ',
    );
    await queryRunner.query('CREATE INDEX "ix_insight_lifecycle" ON "member_insight" ("lifecycle") ');
    await queryRunner.query('CREATE INDEX "ix_insight_palive" ON "member_insight" ("p_alive") ');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_triple" ON "member_insight" ("first_day", "last_day", "repeat_days") ',
    );
    await queryRunner.query(
      'CREATE TABLE "temporary_chain_settings" ("id" integer PRIMARY KEY NOT NULL, "chain_name" varchar(64) NOT NULL, "time_zone" varchar(64) NOT NULL, "points_per_yuan" integer NOT NULL DEFAULT (1), "points_expiry_years" integer NOT NULL DEFAULT (1), "tier_window_months" integer NOT NULL DEFAULT (12), "tier_grace_days" integer NOT NULL DEFAULT (30), "member_code_step_seconds" integer NOT NULL DEFAULT (30), "updated_at" datetime(3) NOT NULL, "welcome_template_id" varchar(36), "lifecycle_new_days" integer NOT NULL DEFAULT (30), "lifecycle_dormant_days" integer NOT NULL DEFAULT (30), "lifecycle_lost_days" integer NOT NULL DEFAULT (90), "core_min_visits" integer NOT NULL DEFAULT (6), "core_min_spend_fen" integer NOT NULL DEFAULT (100000))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_chain_settings"("id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at", "welcome_template_id") SELECT "id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at", "welcome_template_id" FROM "chain_settings"',
    );
    await queryRunner.query('DROP TABLE "chain_settings"');
    await queryRunner.query('ALTER TABLE "temporary_chain_settings" RENAME TO "chain_settings"');
    await queryRunner.query('CREATE INDEX "ix_insight_monetary" ON "member_insight" ("monetary_fen") ');
    await queryRunner.query('CREATE INDEX "ix_insight_recency" ON "member_insight" ("recency_days") ');
    await queryRunner.query('CREATE INDEX "ix_insight_cluster" ON "member_insight" ("cluster") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_insight_cluster"');
    await queryRunner.query('DROP INDEX "ix_insight_recency"');
    await queryRunner.query('DROP INDEX "ix_insight_monetary"');
    await queryRunner.query('ALTER TABLE "chain_settings" RENAME TO "temporary_chain_settings"');
    await queryRunner.query(
      'CREATE TABLE "chain_settings" ("id" integer PRIMARY KEY NOT NULL, "chain_name" varchar(64) NOT NULL, "time_zone" varchar(64) NOT NULL, "points_per_yuan" integer NOT NULL DEFAULT (1), "points_expiry_years" integer NOT NULL DEFAULT (1), "tier_window_months" integer NOT NULL DEFAULT (12), "tier_grace_days" integer NOT NULL DEFAULT (30), "member_code_step_seconds" integer NOT NULL DEFAULT (30), "updated_at" datetime(3) NOT NULL, "welcome_template_id" varchar(36))',
    );
    await queryRunner.query(
      'INSERT INTO "chain_settings"("id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at", "welcome_template_id") SELECT "id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at", "welcome_template_id" FROM "temporary_chain_settings"',
    );
    await queryRunner.query('DROP TABLE "temporary_chain_settings"');
    await queryRunner.query('DROP INDEX "ix_insight_triple"');
    await queryRunner.query('DROP INDEX "ix_insight_palive"');
    await queryRunner.query('DROP INDEX "ix_insight_lifecycle"');
    await queryRunner.query('DROP INDEX "ix_insight_rfm"');
    await queryRunner.query('ALTER TABLE "member_insight" RENAME TO "temporary_member_insight"');
    await queryRunner.query(
      'CREATE TABLE "member_insight" ("member_id" varchar(36) PRIMARY KEY NOT NULL, "as_of" varchar(10) NOT NULL, "recency_days" integer, "frequency" integer NOT NULL DEFAULT (0), "monetary_fen" integer NOT NULL DEFAULT (0), "r_score" integer, "f_score" integer, "m_score" integer, "rfm_segment" varchar(16), "lifecycle" varchar(10) NOT NULL, "repeat_days" integer NOT NULL DEFAULT (0), "first_day" integer, "last_day" integer, "avg_interval_days" double, "next_visit_on" varchar(10), "p_alive" double, "expected_visits30" double, "expected_visits90" double, "cluster" varchar(32), "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "member_insight"("member_id", "as_of", "recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score", "rfm_segment", "lifecycle", "repeat_days", "first_day", "last_day", "avg_interval_days", "next_visit_on", "p_alive", "expected_visits30", "expected_visits90", "cluster", "updated_at") SELECT "member_id", "as_of", "recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score", "rfm_segment", "lifecycle", "repeat_days", "first_day", "last_day", "avg_interval_days", "next_visit_on", "p_alive", "expected_visits30", "expected_visits90", "cluster", "updated_at" FROM "temporary_member_insight"',
    );
    await queryRunner.query('DROP TABLE "temporary_member_insight"');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_triple" ON "member_insight" ("first_day", "last_day", "repeat_days") ',
    );
    await queryRunner.query('CREATE INDEX "ix_insight_palive" ON "member_insight" ("p_alive") ');
    await queryRunner.query('CREATE INDEX "ix_insight_lifecycle" ON "member_insight" ("lifecycle") ');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_rfm" ON "member_insight" ("r_score", "f_score", "m_score") ',
    );
    await queryRunner.query('DROP TABLE "insight_xt"');
    await queryRunner.query('DROP TABLE "insight_cluster"');
    await queryRunner.query('DROP TABLE "insight_summary"');
  }
}
