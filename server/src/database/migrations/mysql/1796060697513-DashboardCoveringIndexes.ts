import { MigrationInterface, QueryRunner } from 'typeorm';

export class DashboardCoveringIndexes1796060697513 implements MigrationInterface {
  name = 'DashboardCoveringIndexes1796060697513';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_insight_layer_recency` ON `member_insight`');
    await queryRunner.query('DROP INDEX `ix_member_created` ON `member`');
    await queryRunner.query('DROP INDEX `ix_member_join_store` ON `member`');
    await queryRunner.query('DROP INDEX `ix_member_tier` ON `member`');
    await queryRunner.query('DROP INDEX `ix_visit_time` ON `visit`');
    await queryRunner.query(
      'CREATE INDEX `ix_coupon_used` ON `coupon` (`used_at`, `status`, `used_store_id`)',
    );
    await queryRunner.query('CREATE INDEX `ix_coupon_issued` ON `coupon` (`issued_at`, `member_id`)');
    await queryRunner.query(
      'CREATE INDEX `ix_insight_layer_recency` ON `member_insight` (`lifecycle`, `recency_days`, `m_score`, `p_alive`)',
    );
    await queryRunner.query('CREATE INDEX `ix_member_created` ON `member` (`created_at`, `deleted_at`)');
    await queryRunner.query(
      'CREATE INDEX `ix_member_join_store` ON `member` (`join_store_id`, `tier_id`, `created_at`, `deleted_at`)',
    );
    await queryRunner.query(
      'CREATE INDEX `ix_member_tier` ON `member` (`tier_id`, `created_at`, `deleted_at`)',
    );
    await queryRunner.query(
      'CREATE INDEX `ix_visit_time` ON `visit` (`occurred_at`, `status`, `store_id`, `paid_fen`)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_visit_time` ON `visit`');
    await queryRunner.query('DROP INDEX `ix_member_tier` ON `member`');
    await queryRunner.query('DROP INDEX `ix_member_join_store` ON `member`');
    await queryRunner.query('DROP INDEX `ix_member_created` ON `member`');
    await queryRunner.query('DROP INDEX `ix_insight_layer_recency` ON `member_insight`');
    await queryRunner.query('DROP INDEX `ix_coupon_issued` ON `coupon`');
    await queryRunner.query('DROP INDEX `ix_coupon_used` ON `coupon`');
    await queryRunner.query('CREATE INDEX `ix_visit_time` ON `visit` (`occurred_at`)');
    await queryRunner.query('CREATE INDEX `ix_member_tier` ON `member` (`tier_id`)');
    await queryRunner.query('CREATE INDEX `ix_member_join_store` ON `member` (`join_store_id`)');
    await queryRunner.query('CREATE INDEX `ix_member_created` ON `member` (`created_at`)');
    await queryRunner.query(
      'CREATE INDEX `ix_insight_layer_recency` ON `member_insight` (`lifecycle`, `recency_days`, `m_score`)',
    );
  }
}
