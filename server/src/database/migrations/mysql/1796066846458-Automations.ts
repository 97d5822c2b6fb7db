import { MigrationInterface, QueryRunner } from 'typeorm';

export class Automations1796066846458 implements MigrationInterface {
  name = 'Automations1796066846458';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_delivery_campaign_member` ON `campaign_delivery`');
    await queryRunner.query(
      "CREATE TABLE `automation` (`id` varchar(36) NOT NULL, `name` varchar(64) NOT NULL, `trigger` varchar(20) NOT NULL, `params` text NOT NULL, `template_id` varchar(36) NULL, `coupon_count` int NOT NULL DEFAULT '0', `sms_text` varchar(500) NULL, `holdout_percent` int NOT NULL DEFAULT '0', `enabled` tinyint NOT NULL DEFAULT 0, `enabled_at` datetime(3) NULL, `last_run_at` datetime(3) NULL, `last_error` varchar(200) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `tier_change` (`id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, `from_tier_id` varchar(36) NOT NULL, `to_tier_id` varchar(36) NOT NULL, `direction` varchar(4) NOT NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_tier_change_member` (`member_id`, `created_at`), INDEX `ix_tier_change_time` (`direction`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query('ALTER TABLE `member` ADD `tier_downgrade_at` datetime(3) NULL');
    await queryRunner.query(
      "ALTER TABLE `campaign_delivery` ADD `occurrence` varchar(40) NOT NULL DEFAULT ''",
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX `uq_delivery_source_member_occurrence` ON `campaign_delivery` (`campaign_id`, `member_id`, `occurrence`)',
    );
    await queryRunner.query(
      'CREATE INDEX `ix_points_expiring` ON `points_entry` (`expires_at`, `remaining`)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_points_expiring` ON `points_entry`');
    await queryRunner.query('DROP INDEX `uq_delivery_source_member_occurrence` ON `campaign_delivery`');
    await queryRunner.query('ALTER TABLE `campaign_delivery` DROP COLUMN `occurrence`');
    await queryRunner.query('ALTER TABLE `member` DROP COLUMN `tier_downgrade_at`');
    await queryRunner.query('DROP INDEX `ix_tier_change_time` ON `tier_change`');
    await queryRunner.query('DROP INDEX `ix_tier_change_member` ON `tier_change`');
    await queryRunner.query('DROP TABLE `tier_change`');
    await queryRunner.query('DROP TABLE `automation`');
    await queryRunner.query(
      'CREATE UNIQUE INDEX `uq_delivery_campaign_member` ON `campaign_delivery` (`campaign_id`, `member_id`)',
    );
  }
}
