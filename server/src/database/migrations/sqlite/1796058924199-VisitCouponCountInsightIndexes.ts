import { MigrationInterface, QueryRunner } from 'typeorm';

export class VisitCouponCountInsightIndexes1796058924199 implements MigrationInterface {
  name = 'VisitCouponCountInsightIndexes1796058924199';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_visit_member_time"');
    await queryRunner.query('DROP INDEX "ix_insight_cluster"');
    await queryRunner.query('DROP INDEX "ix_insight_recency"');
    await queryRunner.query('DROP INDEX "ix_insight_monetary"');
    await queryRunner.query('DROP INDEX "ix_insight_triple"');
    await queryRunner.query('DROP INDEX "ix_insight_palive"');
    await queryRunner.query('DROP INDEX "ix_insight_lifecycle"');
    await queryRunner.query('DROP INDEX "ix_insight_rfm"');
    await queryRunner.query(
      'CREATE TABLE "temporary_member_insight" ("member_id" varchar(36) PRIMARY KEY NOT NULL, "as_of" varchar(10) NOT NULL, "recency_days" integer, "frequency" integer NOT NULL DEFAULT (0), "monetary_fen" integer NOT NULL DEFAULT (0), "r_score" integer, "f_score" integer, "m_score" integer, "rfm_segment" varchar(16), "lifecycle" varchar(10) NOT NULL, "repeat_days" integer NOT NULL DEFAULT (0), "first_day" integer, "last_day" integer, "avg_interval_days" double, "next_visit_on" varchar(10), "p_alive" double, "expected_visits30" double, "expected_visits90" double, "cluster" varchar(32), "updated_at" datetime(3) NOT NULL, "lifecycle_prev" varchar(10) NOT NULL DEFAULT (\'NONE\'), "loyalty" varchar(12), "prev_repeat_days" integer, "prev_last_day" integer, "prev_frequency" integer NOT NULL DEFAULT (0), "prev_monetary_fen" integer NOT NULL DEFAULT (0), "p_alive_prev" double, "favourite_store_id" varchar(36), "lunch_share" double, "dinner_share" double, "late_share" double, "weekend_share" double, "coupon_share" double, "avg_party_size" double, "join_store_id" varchar(36))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_member_insight"("member_id", "as_of", "recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score", "rfm_segment", "lifecycle", "repeat_days", "first_day", "last_day", "avg_interval_days", "next_visit_on", "p_alive", "expected_visits30", "expected_visits90", "cluster", "updated_at", "lifecycle_prev", "loyalty", "prev_repeat_days", "prev_last_day", "prev_frequency", "prev_monetary_fen", "p_alive_prev", "favourite_store_id", "lunch_share", "dinner_share", "late_share", "weekend_share", "coupon_share", "avg_party_size") SELECT "member_id", "as_of", "recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score", "rfm_segment", "lifecycle", "repeat_days", "first_day", "last_day", "avg_interval_days", "next_visit_on", "p_alive", "expected_visits30", "expected_visits90", "cluster", "updated_at", "lifecycle_prev", "loyalty", "prev_repeat_days", "prev_last_day", "prev_frequency", "prev_monetary_fen", "p_alive_prev", "favourite_store_id", "lunch_share", "dinner_share", "late_share", "weekend_share", "coupon_share", "avg_party_size" FROM "member_insight"',
    );
    await queryRunner.query('DROP TABLE "member_insight"');
    await queryRunner.query('ALTER TABLE "temporary_member_insight" RENAME TO "member_insight"');
    await queryRunner.query('CREATE INDEX "ix_insight_cluster" ON "member_insight" ("cluster") ');
    await queryRunner.query('CREATE INDEX "ix_insight_recency" ON "member_insight" ("recency_days") ');
    await queryRunner.query('CREATE INDEX "ix_insight_monetary" ON "member_insight" ("monetary_fen") ');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_triple" ON "member_insight" ("first_day", "last_day", "repeat_days") ',
    );
    await queryRunner.query('CREATE INDEX "ix_insight_palive" ON "member_insight" ("p_alive") ');
    await queryRunner.query('CREATE INDEX "ix_insight_lifecycle" ON "member_insight" ("lifecycle") ');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_rfm" ON "member_insight" ("r_score", "f_score", "m_score") ',
    );
    await queryRunner.query('DROP INDEX "uq_visit_import_key"');
    await queryRunner.query('DROP INDEX "ix_visit_time"');
    await queryRunner.query('DROP INDEX "ix_visit_store_time"');
    await queryRunner.query(
      'CREATE TABLE "temporary_visit" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36), "store_id" varchar(36) NOT NULL, "amount_fen" integer NOT NULL DEFAULT (0), "discount_fen" integer NOT NULL DEFAULT (0), "paid_fen" integer NOT NULL DEFAULT (0), "balance_paid_fen" integer NOT NULL DEFAULT (0), "occurred_at" datetime(3) NOT NULL, "party_size" integer, "channel" varchar(10) NOT NULL, "order_ref" varchar(64), "coupon_codes" text NOT NULL, "points_earned" integer NOT NULL DEFAULT (0), "status" varchar(10) NOT NULL DEFAULT (\'OK\'), "voided_at" datetime(3), "void_reason" varchar(200), "staff_id" varchar(36), "pos_key_id" varchar(40), "import_key" varchar(64), "created_at" datetime(3) NOT NULL, "pay_method" varchar(10), "coupon_count" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_visit"("id", "member_id", "store_id", "amount_fen", "discount_fen", "paid_fen", "balance_paid_fen", "occurred_at", "party_size", "channel", "order_ref", "coupon_codes", "points_earned", "status", "voided_at", "void_reason", "staff_id", "pos_key_id", "import_key", "created_at", "pay_method") SELECT "id", "member_id", "store_id", "amount_fen", "discount_fen", "paid_fen", "balance_paid_fen", "occurred_at", "party_size", "channel", "order_ref", "coupon_codes", "points_earned", "status", "voided_at", "void_reason", "staff_id", "pos_key_id", "import_key", "created_at", "pay_method" FROM "visit"',
    );
    await queryRunner.query('DROP TABLE "visit"');
    await queryRunner.query('ALTER TABLE "temporary_visit" RENAME TO "visit"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_visit_import_key" ON "visit" ("import_key") ');
    await queryRunner.query('CREATE INDEX "ix_visit_time" ON "visit" ("occurred_at") ');
    await queryRunner.query('CREATE INDEX "ix_visit_store_time" ON "visit" ("store_id", "occurred_at") ');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_layer_recency" ON "member_insight" ("lifecycle", "recency_days", "m_score") ',
    );
    await queryRunner.query('CREATE INDEX "ix_insight_frequency" ON "member_insight" ("frequency") ');
    await queryRunner.query(
      'CREATE INDEX "ix_visit_member_habits" ON "visit" ("member_id", "store_id", "status", "occurred_at", "paid_fen", "party_size", "coupon_count") ',
    );
    // Bills recorded before the column existed: count their coupons once.
    await queryRunner.query(
      `UPDATE "visit" SET "coupon_count" = json_array_length("coupon_codes") WHERE "coupon_codes" <> '[]'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_visit_member_habits"');
    await queryRunner.query('DROP INDEX "ix_insight_frequency"');
    await queryRunner.query('DROP INDEX "ix_insight_layer_recency"');
    await queryRunner.query('DROP INDEX "ix_visit_store_time"');
    await queryRunner.query('DROP INDEX "ix_visit_time"');
    await queryRunner.query('DROP INDEX "uq_visit_import_key"');
    await queryRunner.query('ALTER TABLE "visit" RENAME TO "temporary_visit"');
    await queryRunner.query(
      'CREATE TABLE "visit" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36), "store_id" varchar(36) NOT NULL, "amount_fen" integer NOT NULL DEFAULT (0), "discount_fen" integer NOT NULL DEFAULT (0), "paid_fen" integer NOT NULL DEFAULT (0), "balance_paid_fen" integer NOT NULL DEFAULT (0), "occurred_at" datetime(3) NOT NULL, "party_size" integer, "channel" varchar(10) NOT NULL, "order_ref" varchar(64), "coupon_codes" text NOT NULL, "points_earned" integer NOT NULL DEFAULT (0), "status" varchar(10) NOT NULL DEFAULT (\'OK\'), "voided_at" datetime(3), "void_reason" varchar(200), "staff_id" varchar(36), "pos_key_id" varchar(40), "import_key" varchar(64), "created_at" datetime(3) NOT NULL, "pay_method" varchar(10))',
    );
    await queryRunner.query(
      'INSERT INTO "visit"("id", "member_id", "store_id", "amount_fen", "discount_fen", "paid_fen", "balance_paid_fen", "occurred_at", "party_size", "channel", "order_ref", "coupon_codes", "points_earned", "status", "voided_at", "void_reason", "staff_id", "pos_key_id", "import_key", "created_at", "pay_method") SELECT "id", "member_id", "store_id", "amount_fen", "discount_fen", "paid_fen", "balance_paid_fen", "occurred_at", "party_size", "channel", "order_ref", "coupon_codes", "points_earned", "status", "voided_at", "void_reason", "staff_id", "pos_key_id", "import_key", "created_at", "pay_method" FROM "temporary_visit"',
    );
    await queryRunner.query('DROP TABLE "temporary_visit"');
    await queryRunner.query('CREATE INDEX "ix_visit_store_time" ON "visit" ("store_id", "occurred_at") ');
    await queryRunner.query('CREATE INDEX "ix_visit_time" ON "visit" ("occurred_at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_visit_import_key" ON "visit" ("import_key") ');
    await queryRunner.query('DROP INDEX "ix_insight_rfm"');
    await queryRunner.query('DROP INDEX "ix_insight_lifecycle"');
    await queryRunner.query('DROP INDEX "ix_insight_palive"');
    await queryRunner.query('DROP INDEX "ix_insight_triple"');
    await queryRunner.query('DROP INDEX "ix_insight_monetary"');
    await queryRunner.query('DROP INDEX "ix_insight_recency"');
    await queryRunner.query('DROP INDEX "ix_insight_cluster"');
    await queryRunner.query('ALTER TABLE "member_insight" RENAME TO "temporary_member_insight"');
    await queryRunner.query(
      'CREATE TABLE "member_insight" ("member_id" varchar(36) PRIMARY KEY NOT NULL, "as_of" varchar(10) NOT NULL, "recency_days" integer, "frequency" integer NOT NULL DEFAULT (0), "monetary_fen" integer NOT NULL DEFAULT (0), "r_score" integer, "f_score" integer, "m_score" integer, "rfm_segment" varchar(16), "lifecycle" varchar(10) NOT NULL, "repeat_days" integer NOT NULL DEFAULT (0), "first_day" integer, "last_day" integer, "avg_interval_days" double, "next_visit_on" varchar(10), "p_alive" double, "expected_visits30" double, "expected_visits90" double, "cluster" varchar(32), "updated_at" datetime(3) NOT NULL, "lifecycle_prev" varchar(10) NOT NULL DEFAULT (\'NONE\'), "loyalty" varchar(12), "prev_repeat_days" integer, "prev_last_day" integer, "prev_frequency" integer NOT NULL DEFAULT (0), "prev_monetary_fen" integer NOT NULL DEFAULT (0), "p_alive_prev" double, "favourite_store_id" varchar(36), "lunch_share" double, "dinner_share" double, "late_share" double, "weekend_share" double, "coupon_share" double, "avg_party_size" double)',
    );
    await queryRunner.query(
      'INSERT INTO "member_insight"("member_id", "as_of", "recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score", "rfm_segment", "lifecycle", "repeat_days", "first_day", "last_day", "avg_interval_days", "next_visit_on", "p_alive", "expected_visits30", "expected_visits90", "cluster", "updated_at", "lifecycle_prev", "loyalty", "prev_repeat_days", "prev_last_day", "prev_frequency", "prev_monetary_fen", "p_alive_prev", "favourite_store_id", "lunch_share", "dinner_share", "late_share", "weekend_share", "coupon_share", "avg_party_size") SELECT "member_id", "as_of", "recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score", "rfm_segment", "lifecycle", "repeat_days", "first_day", "last_day", "avg_interval_days", "next_visit_on", "p_alive", "expected_visits30", "expected_visits90", "cluster", "updated_at", "lifecycle_prev", "loyalty", "prev_repeat_days", "prev_last_day", "prev_frequency", "prev_monetary_fen", "p_alive_prev", "favourite_store_id", "lunch_share", "dinner_share", "late_share", "weekend_share", "coupon_share", "avg_party_size" FROM "temporary_member_insight"',
    );
    await queryRunner.query('DROP TABLE "temporary_member_insight"');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_rfm" ON "member_insight" ("r_score", "f_score", "m_score") ',
    );
    await queryRunner.query('CREATE INDEX "ix_insight_lifecycle" ON "member_insight" ("lifecycle") ');
    await queryRunner.query('CREATE INDEX "ix_insight_palive" ON "member_insight" ("p_alive") ');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_triple" ON "member_insight" ("first_day", "last_day", "repeat_days") ',
    );
    await queryRunner.query('CREATE INDEX "ix_insight_monetary" ON "member_insight" ("monetary_fen") ');
    await queryRunner.query('CREATE INDEX "ix_insight_recency" ON "member_insight" ("recency_days") ');
    await queryRunner.query('CREATE INDEX "ix_insight_cluster" ON "member_insight" ("cluster") ');
    await queryRunner.query('CREATE INDEX "ix_visit_member_time" ON "visit" ("member_id", "occurred_at") ');
  }
}
