import { MigrationInterface, QueryRunner } from 'typeorm';

export class InsightHabitsClusters1796057123429 implements MigrationInterface {
  name = 'InsightHabitsClusters1796057123429';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `insight_summary` (`store_id` varchar(36) NOT NULL, `as_of` varchar(10) NOT NULL, `data` text NOT NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`store_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `insight_cluster` (`key` varchar(32) NOT NULL, `auto_name` varchar(32) NOT NULL, `custom_name` varchar(32) NULL, `custom_description` varchar(200) NULL, `auto_description` varchar(200) NOT NULL, `centroid` text NOT NULL, `members` int NOT NULL DEFAULT '0', `current` tinyint NOT NULL DEFAULT 1, `silhouette` double NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `insight_xt` (`x` int NOT NULL, `t` int NOT NULL, `n30` double NOT NULL DEFAULT '0', `n90` double NOT NULL DEFAULT '0', PRIMARY KEY (`x`, `t`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "ALTER TABLE `member_insight` ADD `lifecycle_prev` varchar(10) NOT NULL DEFAULT 'NONE'",
    );
    await queryRunner.query('ALTER TABLE `member_insight` ADD `loyalty` varchar(12) NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `prev_repeat_days` int NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `prev_last_day` int NULL');
    await queryRunner.query("ALTER TABLE `member_insight` ADD `prev_frequency` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `member_insight` ADD `prev_monetary_fen` int NOT NULL DEFAULT '0'");
    await queryRunner.query('ALTER TABLE `member_insight` ADD `p_alive_prev` double NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `favourite_store_id` varchar(36) NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `lunch_share` double NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `dinner_share` double NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `late_share` double NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `weekend_share` double NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `coupon_share` double NULL');
    await queryRunner.query('ALTER TABLE `member_insight` ADD `avg_party_size` double NULL');
    await queryRunner.query(
      "ALTER TABLE `chain_settings` ADD `lifecycle_new_days` int NOT NULL DEFAULT '30'",
    );
    await queryRunner.query(
      "ALTER TABLE `chain_settings` ADD `lifecycle_dormant_days` int NOT NULL DEFAULT '30'",
    );
    await queryRunner.query(
      "ALTER TABLE `chain_settings` ADD `lifecycle_lost_days` int NOT NULL DEFAULT '90'",
    );
    await queryRunner.query("ALTER TABLE `chain_settings` ADD `core_min_visits` int NOT NULL DEFAULT '6'");
    await queryRunner.query(
      "ALTER TABLE `chain_settings` ADD `core_min_spend_fen` int NOT NULL DEFAULT '100000'",
    );
    await queryRunner.query('CREATE INDEX `ix_insight_monetary` ON `member_insight` (`monetary_fen`)');
    await queryRunner.query('CREATE INDEX `ix_insight_recency` ON `member_insight` (`recency_days`)');
    await queryRunner.query('CREATE INDEX `ix_insight_cluster` ON `member_insight` (`cluster`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_insight_cluster` ON `member_insight`');
    await queryRunner.query('DROP INDEX `ix_insight_recency` ON `member_insight`');
    await queryRunner.query('DROP INDEX `ix_insight_monetary` ON `member_insight`');
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `core_min_spend_fen`');
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `core_min_visits`');
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `lifecycle_lost_days`');
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `lifecycle_dormant_days`');
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `lifecycle_new_days`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `avg_party_size`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `coupon_share`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `weekend_share`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `late_share`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `dinner_share`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `lunch_share`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `favourite_store_id`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `p_alive_prev`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `prev_monetary_fen`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `prev_frequency`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `prev_last_day`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `prev_repeat_days`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `loyalty`');
    await queryRunner.query('ALTER TABLE `member_insight` DROP COLUMN `lifecycle_prev`');
    await queryRunner.query('DROP TABLE `insight_xt`');
    await queryRunner.query('DROP TABLE `insight_cluster`');
    await queryRunner.query('DROP TABLE `insight_summary`');
  }
}
