import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795358537756 implements MigrationInterface {
  name = 'Initial1795358537756';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("id" varchar(36) PRIMARY KEY NOT NULL, "staff_id" varchar(36), "staff_name" varchar(64), "action" varchar(64) NOT NULL, "target_type" varchar(32), "target_id" varchar(64), "detail" text, "ip" varchar(64), "store_id" varchar(36), "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "ix_audit_target" ON "audit_log" ("target_type", "target_id") ');
    await queryRunner.query('CREATE INDEX "ix_audit_created" ON "audit_log" ("created_at") ');
    await queryRunner.query(
      'CREATE TABLE "idempotency_record" ("id" varchar(36) PRIMARY KEY NOT NULL, "scope" varchar(80) NOT NULL, "request_id" varchar(64) NOT NULL, "request_hash" varchar(64) NOT NULL, "response" text NOT NULL, "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_idempotency" ON "idempotency_record" ("scope", "request_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "coupon_claim_counter" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL, "template_id" varchar(36) NOT NULL, "period" varchar(10) NOT NULL, "count" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_claim_counter" ON "coupon_claim_counter" ("member_id", "template_id", "period") ',
    );
    await queryRunner.query(
      'CREATE TABLE "coupon_template" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "type" varchar(10) NOT NULL, "value_fen" integer, "percent_off" integer, "max_discount_fen" integer, "threshold_fen" integer, "item_name" varchar(64), "valid_from" datetime(3), "valid_to" datetime(3), "valid_days" integer, "weekdays" text, "time_windows" text, "store_ids" text, "min_tier_id" varchar(36), "stacking" varchar(10) NOT NULL DEFAULT (\'EXCLUSIVE\'), "max_per_bill" integer, "stock" integer, "issued_count" integer NOT NULL DEFAULT (0), "used_count" integer NOT NULL DEFAULT (0), "per_member_limit" integer, "per_member_daily_limit" integer, "channels" text, "points_cost" integer, "description" varchar(500), "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "coupon" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(24) NOT NULL, "template_id" varchar(36) NOT NULL, "member_id" varchar(36) NOT NULL, "status" varchar(10) NOT NULL, "valid_from" datetime(3) NOT NULL, "valid_to" datetime(3) NOT NULL, "issued_at" datetime(3) NOT NULL, "issue_channel" varchar(16) NOT NULL, "issue_ref" varchar(64), "used_at" datetime(3), "used_store_id" varchar(36), "used_visit_id" varchar(36), "used_by_staff_id" varchar(36))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_coupon_code" ON "coupon" ("code") ');
    await queryRunner.query('CREATE INDEX "ix_coupon_template" ON "coupon" ("template_id") ');
    await queryRunner.query('CREATE INDEX "ix_coupon_member_status" ON "coupon" ("member_id", "status") ');
    await queryRunner.query(
      'CREATE TABLE "member" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_no" integer NOT NULL, "openid" varchar(64), "unionid" varchar(64), "phone" varchar(20), "external_id" varchar(64), "name" varchar(64), "gender" varchar(1) NOT NULL DEFAULT (\'U\'), "birthday" varchar(10), "join_store_id" varchar(36), "join_channel" varchar(16) NOT NULL, "tier_id" varchar(36) NOT NULL, "points_balance" integer NOT NULL DEFAULT (0), "balance_principal_fen" integer NOT NULL DEFAULT (0), "balance_bonus_fen" integer NOT NULL DEFAULT (0), "consent_sms" boolean NOT NULL DEFAULT (0), "consent_wechat" boolean NOT NULL DEFAULT (0), "consent_updated_at" datetime(3), "consent_channel" varchar(16), "tags" text NOT NULL, "code_secret" varchar(64) NOT NULL, "deleted_at" datetime(3), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_no" ON "member" ("member_no") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_openid" ON "member" ("openid") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_phone" ON "member" ("phone") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_member_external_id" ON "member" ("external_id") ');
    await queryRunner.query('CREATE INDEX "ix_member_created" ON "member" ("created_at") ');
    await queryRunner.query('CREATE INDEX "ix_member_join_store" ON "member" ("join_store_id") ');
    await queryRunner.query('CREATE INDEX "ix_member_tier" ON "member" ("tier_id") ');
    await queryRunner.query(
      'CREATE TABLE "points_entry" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL, "type" varchar(10) NOT NULL, "points" integer NOT NULL, "balance_after" integer NOT NULL, "remaining" integer NOT NULL DEFAULT (0), "expires_at" datetime(3), "source" varchar(10) NOT NULL, "reason" varchar(200) NOT NULL, "ref_type" varchar(20), "ref_id" varchar(36), "staff_id" varchar(36), "idempotency_key" varchar(100) NOT NULL, "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_points_idempotency" ON "points_entry" ("idempotency_key") ',
    );
    await queryRunner.query('CREATE INDEX "ix_points_lots" ON "points_entry" ("member_id", "expires_at") ');
    await queryRunner.query(
      'CREATE INDEX "ix_points_member_created" ON "points_entry" ("member_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "pos_key" ("id" varchar(40) PRIMARY KEY NOT NULL, "store_id" varchar(36) NOT NULL, "secret_enc" varchar(200) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL, "last_used_at" datetime(3))',
    );
    await queryRunner.query('CREATE INDEX "ix_pos_key_store" ON "pos_key" ("store_id") ');
    await queryRunner.query(
      'CREATE TABLE "pos_nonce" ("id" varchar(36) PRIMARY KEY NOT NULL, "key_id" varchar(40) NOT NULL, "nonce" varchar(64) NOT NULL, "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "ix_pos_nonce_created" ON "pos_nonce" ("created_at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_pos_nonce" ON "pos_nonce" ("key_id", "nonce") ');
    await queryRunner.query(
      'CREATE TABLE "chain_settings" ("id" integer PRIMARY KEY NOT NULL, "chain_name" varchar(64) NOT NULL, "time_zone" varchar(64) NOT NULL, "points_per_yuan" integer NOT NULL DEFAULT (1), "points_expiry_years" integer NOT NULL DEFAULT (1), "tier_window_months" integer NOT NULL DEFAULT (12), "tier_grace_days" integer NOT NULL DEFAULT (30), "member_code_step_seconds" integer NOT NULL DEFAULT (30), "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "staff" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "name" varchar(64) NOT NULL, "password_hash" varchar(200) NOT NULL, "role" varchar(20) NOT NULL, "store_ids" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_staff_username" ON "staff" ("username") ');
    await queryRunner.query(
      'CREATE TABLE "store_table" ("id" varchar(36) PRIMARY KEY NOT NULL, "store_id" varchar(36) NOT NULL, "table_no" varchar(16) NOT NULL, "seats" integer, "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_store_table_no" ON "store_table" ("store_id", "table_no") ',
    );
    await queryRunner.query(
      'CREATE TABLE "store" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(64) NOT NULL, "address" varchar(200), "phone" varchar(32), "void_window_minutes" integer NOT NULL DEFAULT (30), "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_store_code" ON "store" ("code") ');
    await queryRunner.query(
      'CREATE TABLE "tier" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(32) NOT NULL, "rank" integer NOT NULL, "threshold_fen" integer NOT NULL DEFAULT (0), "points_multiplier_percent" integer NOT NULL DEFAULT (100), "benefits" text, "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_tier_code" ON "tier" ("code") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_tier_rank" ON "tier" ("rank") ');
    await queryRunner.query(
      'CREATE TABLE "visit" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36), "store_id" varchar(36) NOT NULL, "amount_fen" integer NOT NULL DEFAULT (0), "discount_fen" integer NOT NULL DEFAULT (0), "paid_fen" integer NOT NULL DEFAULT (0), "balance_paid_fen" integer NOT NULL DEFAULT (0), "occurred_at" datetime(3) NOT NULL, "party_size" integer, "channel" varchar(10) NOT NULL, "order_ref" varchar(64), "coupon_codes" text NOT NULL, "points_earned" integer NOT NULL DEFAULT (0), "status" varchar(10) NOT NULL DEFAULT (\'OK\'), "voided_at" datetime(3), "void_reason" varchar(200), "staff_id" varchar(36), "pos_key_id" varchar(40), "import_key" varchar(64), "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_visit_import_key" ON "visit" ("import_key") ');
    await queryRunner.query('CREATE INDEX "ix_visit_time" ON "visit" ("occurred_at") ');
    await queryRunner.query('CREATE INDEX "ix_visit_store_time" ON "visit" ("store_id", "occurred_at") ');
    await queryRunner.query('CREATE INDEX "ix_visit_member_time" ON "visit" ("member_id", "occurred_at") ');
    await queryRunner.query(
      'CREATE TABLE "wallet_entry" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL, "type" varchar(10) NOT NULL, "principal_fen" integer NOT NULL, "bonus_fen" integer NOT NULL, "principal_after_fen" integer NOT NULL DEFAULT (0), "bonus_after_fen" integer NOT NULL DEFAULT (0), "reason" varchar(200) NOT NULL, "ref_type" varchar(20), "ref_id" varchar(36), "staff_id" varchar(36), "idempotency_key" varchar(100) NOT NULL, "created_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_wallet_idempotency" ON "wallet_entry" ("idempotency_key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_wallet_member_created" ON "wallet_entry" ("member_id", "created_at") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_wallet_member_created"');
    await queryRunner.query('DROP INDEX "uq_wallet_idempotency"');
    await queryRunner.query('DROP TABLE "wallet_entry"');
    await queryRunner.query('DROP INDEX "ix_visit_member_time"');
    await queryRunner.query('DROP INDEX "ix_visit_store_time"');
    await queryRunner.query('DROP INDEX "ix_visit_time"');
    await queryRunner.query('DROP INDEX "uq_visit_import_key"');
    await queryRunner.query('DROP TABLE "visit"');
    await queryRunner.query('DROP INDEX "uq_tier_rank"');
    await queryRunner.query('DROP INDEX "uq_tier_code"');
    await queryRunner.query('DROP TABLE "tier"');
    await queryRunner.query('DROP INDEX "uq_store_code"');
    await queryRunner.query('DROP TABLE "store"');
    await queryRunner.query('DROP INDEX "uq_store_table_no"');
    await queryRunner.query('DROP TABLE "store_table"');
    await queryRunner.query('DROP INDEX "uq_staff_username"');
    await queryRunner.query('DROP TABLE "staff"');
    await queryRunner.query('DROP TABLE "chain_settings"');
    await queryRunner.query('DROP INDEX "uq_pos_nonce"');
    await queryRunner.query('DROP INDEX "ix_pos_nonce_created"');
    await queryRunner.query('DROP TABLE "pos_nonce"');
    await queryRunner.query('DROP INDEX "ix_pos_key_store"');
    await queryRunner.query('DROP TABLE "pos_key"');
    await queryRunner.query('DROP INDEX "ix_points_member_created"');
    await queryRunner.query('DROP INDEX "ix_points_lots"');
    await queryRunner.query('DROP INDEX "uq_points_idempotency"');
    await queryRunner.query('DROP TABLE "points_entry"');
    await queryRunner.query('DROP INDEX "ix_member_tier"');
    await queryRunner.query('DROP INDEX "ix_member_join_store"');
    await queryRunner.query('DROP INDEX "ix_member_created"');
    await queryRunner.query('DROP INDEX "uq_member_external_id"');
    await queryRunner.query('DROP INDEX "uq_member_phone"');
    await queryRunner.query('DROP INDEX "uq_member_openid"');
    await queryRunner.query('DROP INDEX "uq_member_no"');
    await queryRunner.query('DROP TABLE "member"');
    await queryRunner.query('DROP INDEX "ix_coupon_member_status"');
    await queryRunner.query('DROP INDEX "ix_coupon_template"');
    await queryRunner.query('DROP INDEX "uq_coupon_code"');
    await queryRunner.query('DROP TABLE "coupon"');
    await queryRunner.query('DROP TABLE "coupon_template"');
    await queryRunner.query('DROP INDEX "uq_claim_counter"');
    await queryRunner.query('DROP TABLE "coupon_claim_counter"');
    await queryRunner.query('DROP INDEX "uq_idempotency"');
    await queryRunner.query('DROP TABLE "idempotency_record"');
    await queryRunner.query('DROP INDEX "ix_audit_created"');
    await queryRunner.query('DROP INDEX "ix_audit_target"');
    await queryRunner.query('DROP TABLE "audit_log"');
  }
}
