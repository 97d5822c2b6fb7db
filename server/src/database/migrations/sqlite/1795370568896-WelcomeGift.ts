import { MigrationInterface, QueryRunner } from 'typeorm';

export class WelcomeGift1795370568896 implements MigrationInterface {
  name = 'WelcomeGift1795370568896';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "temporary_chain_settings" ("id" integer PRIMARY KEY NOT NULL, "chain_name" varchar(64) NOT NULL, "time_zone" varchar(64) NOT NULL, "points_per_yuan" integer NOT NULL DEFAULT (1), "points_expiry_years" integer NOT NULL DEFAULT (1), "tier_window_months" integer NOT NULL DEFAULT (12), "tier_grace_days" integer NOT NULL DEFAULT (30), "member_code_step_seconds" integer NOT NULL DEFAULT (30), "updated_at" datetime(3) NOT NULL, "welcome_template_id" varchar(36))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_chain_settings"("id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at") SELECT "id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at" FROM "chain_settings"',
    );
    await queryRunner.query('DROP TABLE "chain_settings"');
    await queryRunner.query('ALTER TABLE "temporary_chain_settings" RENAME TO "chain_settings"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "chain_settings" RENAME TO "temporary_chain_settings"');
    await queryRunner.query(
      'CREATE TABLE "chain_settings" ("id" integer PRIMARY KEY NOT NULL, "chain_name" varchar(64) NOT NULL, "time_zone" varchar(64) NOT NULL, "points_per_yuan" integer NOT NULL DEFAULT (1), "points_expiry_years" integer NOT NULL DEFAULT (1), "tier_window_months" integer NOT NULL DEFAULT (12), "tier_grace_days" integer NOT NULL DEFAULT (30), "member_code_step_seconds" integer NOT NULL DEFAULT (30), "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "chain_settings"("id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at") SELECT "id", "chain_name", "time_zone", "points_per_yuan", "points_expiry_years", "tier_window_months", "tier_grace_days", "member_code_step_seconds", "updated_at" FROM "temporary_chain_settings"',
    );
    await queryRunner.query('DROP TABLE "temporary_chain_settings"');
  }
}
