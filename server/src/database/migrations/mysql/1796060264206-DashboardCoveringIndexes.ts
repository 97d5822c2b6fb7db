import { MigrationInterface, QueryRunner } from 'typeorm';

export class DashboardCoveringIndexes1796060264206 implements MigrationInterface {
  name = 'DashboardCoveringIndexes1796060264206';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_insight_layer_recency` ON `member_insight`");
    await queryRunner.query("DROP INDEX `ix_visit_time` ON `visit`");
    await queryRunner.query("CREATE INDEX `ix_coupon_used` ON `coupon` (`used_at`, `status`, `used_store_id`)");
    await queryRunner.query("CREATE INDEX `ix_coupon_issued` ON `coupon` (`issued_at`, `member_id`)");
    await queryRunner.query("CREATE INDEX `ix_insight_layer_recency` ON `member_insight` (`lifecycle`, `recency_days`, `m_score`, `p_alive`)");
    await queryRunner.query("CREATE INDEX `ix_visit_time` ON `visit` (`occurred_at`, `status`, `store_id`, `paid_fen`)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `ix_visit_time` ON `visit`");
    await queryRunner.query("DROP INDEX `ix_insight_layer_recency` ON `member_insight`");
    await queryRunner.query("DROP INDEX `ix_coupon_issued` ON `coupon`");
    await queryRunner.query("DROP INDEX `ix_coupon_used` ON `coupon`");
    await queryRunner.query("CREATE INDEX `ix_visit_time` ON `visit` (`occurred_at`)");
    await queryRunner.query("CREATE INDEX `ix_insight_layer_recency` ON `member_insight` (`lifecycle`, `recency_days`, `m_score`)");
  }
}
