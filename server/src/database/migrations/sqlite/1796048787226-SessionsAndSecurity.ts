import { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionsAndSecurity1796048787226 implements MigrationInterface {
  name = 'SessionsAndSecurity1796048787226';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_member_tier"');
    await queryRunner.query('DROP INDEX "ix_member_join_store"');
    await queryRunner.query('DROP INDEX "ix_member_created"');
    await queryRunner.query('DROP INDEX "uq_member_external_id"');
    await queryRunner.query('DROP INDEX "uq_member_phone"');
    await queryRunner.query('DROP INDEX "uq_member_openid"');
    await queryRunner.query('DROP INDEX "uq_member_no"');
    await queryRunner.query(
      'CREATE TABLE "temporary_member" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_no" integer NOT NULL, "openid" varchar(64), "unionid" varchar(64), "phone" varchar(20), "external_id" varchar(64), "name" varchar(64), "gender" varchar(1) NOT NULL DEFAULT (\'U\'), "birthday" varchar(10), "join_store_id" varchar(36), "join_channel" varchar(16) NOT NULL, "tier_id" varchar(36) NOT NULL, "points_balance" integer NOT NULL DEFAULT (0), "balance_principal_fen" integer NOT NULL DEFAULT (0), "balance_bonus_fen" integer NOT NULL DEFAULT (0), "consent_sms" boolean NOT NULL DEFAULT (0), "consent_wechat" boolean NOT NULL DEFAULT (0), "consent_updated_at" datetime(3), "consent_channel" varchar(16), "tags" text NOT NULL, "code_secret" varchar(64) NOT NULL, "deleted_at" datetime(3), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, "token_version" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_member"("id", "member_no", "openid", "unionid", "phone", "external_id", "name", "gender", "birthday", "join_store_id", "join_channel", "tier_id", "points_balance", "balance_principal_fen", "balance_bonus_fen", "consent_sms", "consent_wechat", "consent_updated_at", "consent_channel", "tags", "code_secret", "deleted_at", "created_at", "updated_at") SELECT "id", "member_no", "openid", "unionid", "phone", "external_id", "name", "gender", "birthday", "join_store_id", "join_channel", "tier_id", "points_balance", "balance_principal_fen", "balance_bonus_fen", "consent_sms", "consent_wechat", "consent_updated_at", "consent_channel", "tags", "code_secret", "deleted_at", "created_at", "updated_at" FROM "member"',
    );
    await queryRunner.query('DROP TABLE "member"');
    await queryRunner.query('ALTER TABLE "temporary_member" RENAME TO "member"');
    await queryRunner.query('CREATE INDEX "ix_member_tier" ON "member" ("tier_id") ');
    await queryRunner.query('CREATE INDEX "ix_member_join_store" ON "member" ("join_store_id") ');
    await queryRunner.query('CREATE INDEX "ix_member_created" ON "member" ("created_at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_external_id" ON "member" ("external_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_phone" ON "member" ("phone") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_openid" ON "member" ("openid") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_no" ON "member" ("member_no") ');
    await queryRunner.query('DROP INDEX "uq_staff_username"');
    await queryRunner.query(
      'CREATE TABLE "temporary_staff" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "name" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(20) NOT NULL, "store_ids" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL, "token_version" integer NOT NULL DEFAULT (0), "must_change_password" boolean NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_staff"("id", "username", "name", "password_hash", "role", "store_ids", "active", "created_at") SELECT "id", "username", "name", "password_hash", "role", "store_ids", "active", "created_at" FROM "staff"',
    );
    await queryRunner.query('DROP TABLE "staff"');
    await queryRunner.query('ALTER TABLE "temporary_staff" RENAME TO "staff"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_staff_username" ON "staff" ("username") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_staff_username"');
    await queryRunner.query('ALTER TABLE "staff" RENAME TO "temporary_staff"');
    await queryRunner.query(
      'CREATE TABLE "staff" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "name" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(20) NOT NULL, "store_ids" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "staff"("id", "username", "name", "password_hash", "role", "store_ids", "active", "created_at") SELECT "id", "username", "name", "password_hash", "role", "store_ids", "active", "created_at" FROM "temporary_staff"',
    );
    await queryRunner.query('DROP TABLE "temporary_staff"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_staff_username" ON "staff" ("username") ');
    await queryRunner.query('DROP INDEX "uq_member_no"');
    await queryRunner.query('DROP INDEX "uq_member_openid"');
    await queryRunner.query('DROP INDEX "uq_member_phone"');
    await queryRunner.query('DROP INDEX "uq_member_external_id"');
    await queryRunner.query('DROP INDEX "ix_member_created"');
    await queryRunner.query('DROP INDEX "ix_member_join_store"');
    await queryRunner.query('DROP INDEX "ix_member_tier"');
    await queryRunner.query('ALTER TABLE "member" RENAME TO "temporary_member"');
    await queryRunner.query(
      'CREATE TABLE "member" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_no" integer NOT NULL, "openid" varchar(64), "unionid" varchar(64), "phone" varchar(20), "external_id" varchar(64), "name" varchar(64), "gender" varchar(1) NOT NULL DEFAULT (\'U\'), "birthday" varchar(10), "join_store_id" varchar(36), "join_channel" varchar(16) NOT NULL, "tier_id" varchar(36) NOT NULL, "points_balance" integer NOT NULL DEFAULT (0), "balance_principal_fen" integer NOT NULL DEFAULT (0), "balance_bonus_fen" integer NOT NULL DEFAULT (0), "consent_sms" boolean NOT NULL DEFAULT (0), "consent_wechat" boolean NOT NULL DEFAULT (0), "consent_updated_at" datetime(3), "consent_channel" varchar(16), "tags" text NOT NULL, "code_secret" varchar(64) NOT NULL, "deleted_at" datetime(3), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "member"("id", "member_no", "openid", "unionid", "phone", "external_id", "name", "gender", "birthday", "join_store_id", "join_channel", "tier_id", "points_balance", "balance_principal_fen", "balance_bonus_fen", "consent_sms", "consent_wechat", "consent_updated_at", "consent_channel", "tags", "code_secret", "deleted_at", "created_at", "updated_at") SELECT "id", "member_no", "openid", "unionid", "phone", "external_id", "name", "gender", "birthday", "join_store_id", "join_channel", "tier_id", "points_balance", "balance_principal_fen", "balance_bonus_fen", "consent_sms", "consent_wechat", "consent_updated_at", "consent_channel", "tags", "code_secret", "deleted_at", "created_at", "updated_at" FROM "temporary_member"',
    );
    await queryRunner.query('DROP TABLE "temporary_member"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_no" ON "member" ("member_no") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_openid" ON "member" ("openid") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_phone" ON "member" ("phone") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_external_id" ON "member" ("external_id") ');
    await queryRunner.query('CREATE INDEX "ix_member_created" ON "member" ("created_at") ');
    await queryRunner.query('CREATE INDEX "ix_member_join_store" ON "member" ("join_store_id") ');
    await queryRunner.query('CREATE INDEX "ix_member_tier" ON "member" ("tier_id") ');
  }
}
