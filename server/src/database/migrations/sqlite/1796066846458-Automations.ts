import { MigrationInterface, QueryRunner } from 'typeorm';

export class Automations1796066846458 implements MigrationInterface {
  name = 'Automations1796066846458';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_delivery_campaign_member"');
    await queryRunner.query(
      'CREATE TABLE "automation" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "trigger" varchar(20) NOT NULL, "params" text NOT NULL, "template_id" varchar(36), "coupon_count" integer NOT NULL DEFAULT (0), "sms_text" varchar(500), "holdout_percent" integer NOT NULL DEFAULT (0), "enabled" boolean NOT NULL DEFAULT (0), "enabled_at" datetime(3), "last_run_at" datetime(3), "last_error" varchar(200), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "tier_change" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL, "from_tier_id" varchar(36) NOT NULL, "to_tier_id" varchar(36) NOT NULL, "direction" varchar(4) NOT NULL, "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_tier_change_member" ON "tier_change" ("member_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_tier_change_time" ON "tier_change" ("direction", "created_at") ',
    );
    await queryRunner.query('DROP INDEX "ix_member_tier"');
    await queryRunner.query('DROP INDEX "ix_member_join_store"');
    await queryRunner.query('DROP INDEX "ix_member_created"');
    await queryRunner.query('DROP INDEX "uq_member_no"');
    await queryRunner.query('DROP INDEX "uq_member_openid"');
    await queryRunner.query('DROP INDEX "uq_member_phone"');
    await queryRunner.query('DROP INDEX "uq_member_external_id"');
    await queryRunner.query(
      'CREATE TABLE "temporary_member" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_no" integer NOT NULL, "openid" varchar(64), "unionid" varchar(64), "phone" varchar(20), "external_id" varchar(64), "name" varchar(64), "gender" varchar(1) NOT NULL DEFAULT (\'U\'), "birthday" varchar(10), "join_store_id" varchar(36), "join_channel" varchar(16) NOT NULL, "tier_id" varchar(36) NOT NULL, "points_balance" integer NOT NULL DEFAULT (0), "balance_principal_fen" integer NOT NULL DEFAULT (0), "balance_bonus_fen" integer NOT NULL DEFAULT (0), "consent_sms" boolean NOT NULL DEFAULT (0), "consent_wechat" boolean NOT NULL DEFAULT (0), "consent_updated_at" datetime(3), "consent_channel" varchar(16), "tags" text NOT NULL, "code_secret" varchar(64) NOT NULL, "deleted_at" datetime(3), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, "token_version" integer NOT NULL DEFAULT (0), "tier_downgrade_at" datetime(3))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_member"("id", "member_no", "openid", "unionid", "phone", "external_id", "name", "gender", "birthday", "join_store_id", "join_channel", "tier_id", "points_balance", "balance_principal_fen", "balance_bonus_fen", "consent_sms", "consent_wechat", "consent_updated_at", "consent_channel", "tags", "code_secret", "deleted_at", "created_at", "updated_at", "token_version") SELECT "id", "member_no", "openid", "unionid", "phone", "external_id", "name", "gender", "birthday", "join_store_id", "join_channel", "tier_id", "points_balance", "balance_principal_fen", "balance_bonus_fen", "consent_sms", "consent_wechat", "consent_updated_at", "consent_channel", "tags", "code_secret", "deleted_at", "created_at", "updated_at", "token_version" FROM "member"',
    );
    await queryRunner.query('DROP TABLE "member"');
    await queryRunner.query('ALTER TABLE "temporary_member" RENAME TO "member"');
    await queryRunner.query(
      'CREATE INDEX "ix_member_tier" ON "member" ("tier_id", "created_at", "deleted_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_member_join_store" ON "member" ("join_store_id", "tier_id", "created_at", "deleted_at") ',
    );
    await queryRunner.query('CREATE INDEX "ix_member_created" ON "member" ("created_at", "deleted_at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_no" ON "member" ("member_no") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_openid" ON "member" ("openid") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_phone" ON "member" ("phone") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_external_id" ON "member" ("external_id") ');
    await queryRunner.query('DROP INDEX "ix_delivery_member_touch"');
    await queryRunner.query(
      'CREATE TABLE "temporary_campaign_delivery" ("id" varchar(36) PRIMARY KEY NOT NULL, "campaign_id" varchar(36) NOT NULL, "member_id" varchar(36) NOT NULL, "grp" varchar(12) NOT NULL, "created_at" datetime(3) NOT NULL, "occurrence" varchar(40) NOT NULL DEFAULT (\'\'))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_campaign_delivery"("id", "campaign_id", "member_id", "grp", "created_at") SELECT "id", "campaign_id", "member_id", "grp", "created_at" FROM "campaign_delivery"',
    );
    await queryRunner.query('DROP TABLE "campaign_delivery"');
    await queryRunner.query('ALTER TABLE "temporary_campaign_delivery" RENAME TO "campaign_delivery"');
    await queryRunner.query(
      'CREATE INDEX "ix_delivery_member_touch" ON "campaign_delivery" ("member_id", "grp", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_delivery_source_member_occurrence" ON "campaign_delivery" ("campaign_id", "member_id", "occurrence") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_points_expiring" ON "points_entry" ("expires_at", "remaining") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_points_expiring"');
    await queryRunner.query('DROP INDEX "uq_delivery_source_member_occurrence"');
    await queryRunner.query('DROP INDEX "ix_delivery_member_touch"');
    await queryRunner.query('ALTER TABLE "campaign_delivery" RENAME TO "temporary_campaign_delivery"');
    await queryRunner.query(
      'CREATE TABLE "campaign_delivery" ("id" varchar(36) PRIMARY KEY NOT NULL, "campaign_id" varchar(36) NOT NULL, "member_id" varchar(36) NOT NULL, "grp" varchar(12) NOT NULL, "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "campaign_delivery"("id", "campaign_id", "member_id", "grp", "created_at") SELECT "id", "campaign_id", "member_id", "grp", "created_at" FROM "temporary_campaign_delivery"',
    );
    await queryRunner.query('DROP TABLE "temporary_campaign_delivery"');
    await queryRunner.query(
      'CREATE INDEX "ix_delivery_member_touch" ON "campaign_delivery" ("member_id", "grp", "created_at") ',
    );
    await queryRunner.query('DROP INDEX "uq_member_external_id"');
    await queryRunner.query('DROP INDEX "uq_member_phone"');
    await queryRunner.query('DROP INDEX "uq_member_openid"');
    await queryRunner.query('DROP INDEX "uq_member_no"');
    await queryRunner.query('DROP INDEX "ix_member_created"');
    await queryRunner.query('DROP INDEX "ix_member_join_store"');
    await queryRunner.query('DROP INDEX "ix_member_tier"');
    await queryRunner.query('ALTER TABLE "member" RENAME TO "temporary_member"');
    await queryRunner.query(
      'CREATE TABLE "member" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_no" integer NOT NULL, "openid" varchar(64), "unionid" varchar(64), "phone" varchar(20), "external_id" varchar(64), "name" varchar(64), "gender" varchar(1) NOT NULL DEFAULT (\'U\'), "birthday" varchar(10), "join_store_id" varchar(36), "join_channel" varchar(16) NOT NULL, "tier_id" varchar(36) NOT NULL, "points_balance" integer NOT NULL DEFAULT (0), "balance_principal_fen" integer NOT NULL DEFAULT (0), "balance_bonus_fen" integer NOT NULL DEFAULT (0), "consent_sms" boolean NOT NULL DEFAULT (0), "consent_wechat" boolean NOT NULL DEFAULT (0), "consent_updated_at" datetime(3), "consent_channel" varchar(16), "tags" text NOT NULL, "code_secret" varchar(64) NOT NULL, "deleted_at" datetime(3), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, "token_version" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "member"("id", "member_no", "openid", "unionid", "phone", "external_id", "name", "gender", "birthday", "join_store_id", "join_channel", "tier_id", "points_balance", "balance_principal_fen", "balance_bonus_fen", "consent_sms", "consent_wechat", "consent_updated_at", "consent_channel", "tags", "code_secret", "deleted_at", "created_at", "updated_at", "token_version") SELECT "id", "member_no", "openid", "unionid", "phone", "external_id", "name", "gender", "birthday", "join_store_id", "join_channel", "tier_id", "points_balance", "balance_principal_fen", "balance_bonus_fen", "consent_sms", "consent_wechat", "consent_updated_at", "consent_channel", "tags", "code_secret", "deleted_at", "created_at", "updated_at", "token_version" FROM "temporary_member"',
    );
    await queryRunner.query('DROP TABLE "temporary_member"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_external_id" ON "member" ("external_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_phone" ON "member" ("phone") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_openid" ON "member" ("openid") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_no" ON "member" ("member_no") ');
    await queryRunner.query('CREATE INDEX "ix_member_created" ON "member" ("created_at", "deleted_at") ');
    await queryRunner.query(
      'CREATE INDEX "ix_member_join_store" ON "member" ("join_store_id", "tier_id", "created_at", "deleted_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_member_tier" ON "member" ("tier_id", "created_at", "deleted_at") ',
    );
    await queryRunner.query('DROP INDEX "ix_tier_change_time"');
    await queryRunner.query('DROP INDEX "ix_tier_change_member"');
    await queryRunner.query('DROP TABLE "tier_change"');
    await queryRunner.query('DROP TABLE "automation"');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_delivery_campaign_member" ON "campaign_delivery" ("campaign_id", "member_id") ',
    );
  }
}
