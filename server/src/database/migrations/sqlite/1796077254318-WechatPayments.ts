import { MigrationInterface, QueryRunner } from 'typeorm';

export class WechatPayments1796077254318 implements MigrationInterface {
  name = 'WechatPayments1796077254318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "payment_order" ("id" varchar(36) PRIMARY KEY NOT NULL, "out_trade_no" varchar(32) NOT NULL, "member_id" varchar(36) NOT NULL, "request_id" varchar(64) NOT NULL, "kind" varchar(8) NOT NULL, "status" varchar(10) NOT NULL, "amount_fen" integer NOT NULL DEFAULT (0), "description" varchar(127) NOT NULL, "detail" text NOT NULL, "provider" varchar(10) NOT NULL, "prepay_id" varchar(64), "transaction_id" varchar(32), "payer_openid" varchar(64), "expires_at" datetime(3) NOT NULL, "paid_at" datetime(3), "result_ref" varchar(36), "failure" varchar(200), "refunded_fen" integer NOT NULL DEFAULT (0), "store_id" varchar(36), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_payment_out_trade_no" ON "payment_order" ("out_trade_no") ',
    );
    await queryRunner.query('CREATE INDEX "ix_payment_status" ON "payment_order" ("status", "created_at") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_payment_request" ON "payment_order" ("member_id", "request_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "payment_refund" ("id" varchar(36) PRIMARY KEY NOT NULL, "out_refund_no" varchar(32) NOT NULL, "payment_id" varchar(36) NOT NULL, "amount_fen" integer NOT NULL DEFAULT (0), "status" varchar(10) NOT NULL, "reason" varchar(80) NOT NULL, "refund_id" varchar(32), "error" varchar(200), "attempts" integer NOT NULL DEFAULT (0), "reversed" text NOT NULL, "staff_id" varchar(36), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_refund_out_no" ON "payment_refund" ("out_refund_no") ');
    await queryRunner.query('CREATE INDEX "ix_refund_payment" ON "payment_refund" ("payment_id") ');
    await queryRunner.query(
      'CREATE TABLE "topup_package" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(40) NOT NULL, "principal_fen" integer NOT NULL DEFAULT (0), "bonus_fen" integer NOT NULL DEFAULT (0), "active" boolean NOT NULL DEFAULT (1), "sort_order" integer NOT NULL DEFAULT (0), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "coupon_pack" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(40) NOT NULL, "description" varchar(200), "price_fen" integer NOT NULL DEFAULT (0), "value_fen" integer NOT NULL DEFAULT (0), "items" text NOT NULL, "stock" integer, "sold_count" integer NOT NULL DEFAULT (0), "held_count" integer NOT NULL DEFAULT (0), "per_member_limit" integer, "refund_expired" boolean NOT NULL DEFAULT (1), "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "integration_token" ("name" varchar(40) PRIMARY KEY NOT NULL, "value" varchar(1024) NOT NULL, "expires_at" datetime(3) NOT NULL, "refreshing_until" datetime(3), "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "wechat_code_image" ("scene" varchar(32) NOT NULL, "part" integer NOT NULL, "data" blob NOT NULL, "content_type" varchar(40) NOT NULL, "created_at" datetime(3) NOT NULL, PRIMARY KEY ("scene", "part"))',
    );
    await queryRunner.query(
      'CREATE TABLE "wechat_subscription" ("member_id" varchar(36) NOT NULL, "template" varchar(20) NOT NULL, "remaining" integer NOT NULL DEFAULT (0), "updated_at" datetime(3) NOT NULL, PRIMARY KEY ("member_id", "template"))',
    );
    await queryRunner.query('DROP INDEX "ix_coupon_issue_ref"');
    await queryRunner.query('DROP INDEX "ix_coupon_issued"');
    await queryRunner.query('DROP INDEX "ix_coupon_used"');
    await queryRunner.query('DROP INDEX "ix_coupon_member_status"');
    await queryRunner.query('DROP INDEX "ix_coupon_template"');
    await queryRunner.query('DROP INDEX "uq_coupon_code"');
    await queryRunner.query(
      'CREATE TABLE "temporary_coupon" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(24) NOT NULL, "template_id" varchar(36) NOT NULL, "member_id" varchar(36) NOT NULL, "status" varchar(10) NOT NULL, "valid_from" datetime(3) NOT NULL, "valid_to" datetime(3) NOT NULL, "issued_at" datetime(3) NOT NULL, "issue_channel" varchar(16) NOT NULL, "issue_ref" varchar(64), "used_at" datetime(3), "used_store_id" varchar(36), "used_visit_id" varchar(36), "used_by_staff_id" varchar(36), "locked_payment_id" varchar(36))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_coupon"("id", "code", "template_id", "member_id", "status", "valid_from", "valid_to", "issued_at", "issue_channel", "issue_ref", "used_at", "used_store_id", "used_visit_id", "used_by_staff_id") SELECT "id", "code", "template_id", "member_id", "status", "valid_from", "valid_to", "issued_at", "issue_channel", "issue_ref", "used_at", "used_store_id", "used_visit_id", "used_by_staff_id" FROM "coupon"',
    );
    await queryRunner.query('DROP TABLE "coupon"');
    await queryRunner.query('ALTER TABLE "temporary_coupon" RENAME TO "coupon"');
    await queryRunner.query('CREATE INDEX "ix_coupon_issue_ref" ON "coupon" ("issue_ref", "member_id") ');
    await queryRunner.query('CREATE INDEX "ix_coupon_issued" ON "coupon" ("issued_at", "member_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_coupon_used" ON "coupon" ("used_at", "status", "used_store_id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_coupon_member_status" ON "coupon" ("member_id", "status") ');
    await queryRunner.query('CREATE INDEX "ix_coupon_template" ON "coupon" ("template_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_coupon_code" ON "coupon" ("code") ');
    await queryRunner.query('CREATE INDEX "ix_coupon_locked" ON "coupon" ("locked_payment_id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_coupon_locked"');
    await queryRunner.query('DROP INDEX "uq_coupon_code"');
    await queryRunner.query('DROP INDEX "ix_coupon_template"');
    await queryRunner.query('DROP INDEX "ix_coupon_member_status"');
    await queryRunner.query('DROP INDEX "ix_coupon_used"');
    await queryRunner.query('DROP INDEX "ix_coupon_issued"');
    await queryRunner.query('DROP INDEX "ix_coupon_issue_ref"');
    await queryRunner.query('ALTER TABLE "coupon" RENAME TO "temporary_coupon"');
    await queryRunner.query(
      'CREATE TABLE "coupon" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(24) NOT NULL, "template_id" varchar(36) NOT NULL, "member_id" varchar(36) NOT NULL, "status" varchar(10) NOT NULL, "valid_from" datetime(3) NOT NULL, "valid_to" datetime(3) NOT NULL, "issued_at" datetime(3) NOT NULL, "issue_channel" varchar(16) NOT NULL, "issue_ref" varchar(64), "used_at" datetime(3), "used_store_id" varchar(36), "used_visit_id" varchar(36), "used_by_staff_id" varchar(36))',
    );
    await queryRunner.query(
      'INSERT INTO "coupon"("id", "code", "template_id", "member_id", "status", "valid_from", "valid_to", "issued_at", "issue_channel", "issue_ref", "used_at", "used_store_id", "used_visit_id", "used_by_staff_id") SELECT "id", "code", "template_id", "member_id", "status", "valid_from", "valid_to", "issued_at", "issue_channel", "issue_ref", "used_at", "used_store_id", "used_visit_id", "used_by_staff_id" FROM "temporary_coupon"',
    );
    await queryRunner.query('DROP TABLE "temporary_coupon"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_coupon_code" ON "coupon" ("code") ');
    await queryRunner.query('CREATE INDEX "ix_coupon_template" ON "coupon" ("template_id") ');
    await queryRunner.query('CREATE INDEX "ix_coupon_member_status" ON "coupon" ("member_id", "status") ');
    await queryRunner.query(
      'CREATE INDEX "ix_coupon_used" ON "coupon" ("used_at", "status", "used_store_id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_coupon_issued" ON "coupon" ("issued_at", "member_id") ');
    await queryRunner.query('CREATE INDEX "ix_coupon_issue_ref" ON "coupon" ("issue_ref", "member_id") ');
    await queryRunner.query('DROP TABLE "wechat_subscription"');
    await queryRunner.query('DROP TABLE "wechat_code_image"');
    await queryRunner.query('DROP TABLE "integration_token"');
    await queryRunner.query('DROP TABLE "coupon_pack"');
    await queryRunner.query('DROP TABLE "topup_package"');
    await queryRunner.query('DROP INDEX "ix_refund_payment"');
    await queryRunner.query('DROP INDEX "uq_refund_out_no"');
    await queryRunner.query('DROP TABLE "payment_refund"');
    await queryRunner.query('DROP INDEX "uq_payment_request"');
    await queryRunner.query('DROP INDEX "ix_payment_status"');
    await queryRunner.query('DROP INDEX "uq_payment_out_trade_no"');
    await queryRunner.query('DROP TABLE "payment_order"');
  }
}
