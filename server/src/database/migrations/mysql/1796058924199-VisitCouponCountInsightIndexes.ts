import { MigrationInterface, QueryRunner } from 'typeorm';

export class VisitCouponCountInsightIndexes1796058924199 implements MigrationInterface {
  name = 'VisitCouponCountInsightIndexes1796058924199';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_visit_member_time` ON `visit`');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `join_store_id` varchar(36) NULL');
    await queryRunner.query("ALTER TABLE `visit` ADD `coupon_count` int NOT NULL DEFAULT '0'");
    await queryRunner.query(
      'CREATE INDEX `ix_insight_layer_recency` ON `member_insight` (`lifecycle`, `recency_days`, `m_score`)',
    );
    await queryRunner.query('CREATE INDEX `ix_insight_frequency` ON `member_insight` (`frequency`)');
    await queryRunner.query(
      'CREATE INDEX `ix_visit_member_habits` ON `visit` (`member_id`, `store_id`, `status`, `occurred_at`, `paid_fen`, `party_size`, `coupon_count`)',
    );
    // Bills recorded before the column existed: count their coupons once.
    await queryRunner.query(
      "UPDATE `visit` SET `coupon_count` = JSON_LENGTH(`coupon_codes`) WHERE `coupon_codes` <> '[]'",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_visit_member_habits` ON `visit`');
    await queryRunner.query('DROP INDEX `ix_insight_frequency` ON `member_insight`');
    await queryRunner.query('DROP INDEX `ix_insight_layer_recency` ON `member_insight`');
    await queryRunner.query('ALTER TABLE `visit` DROP COLUMN `coupon_count`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `join_store_id`');
    await queryRunner.query('CREATE INDEX `ix_visit_member_time` ON `visit` (`member_id`, `occurred_at`)');
  }
}
