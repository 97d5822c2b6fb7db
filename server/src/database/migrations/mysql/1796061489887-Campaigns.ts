import { MigrationInterface, QueryRunner } from 'typeorm';

export class Campaigns1796061489887 implements MigrationInterface {
  name = 'Campaigns1796061489887';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `campaign` (`id` varchar(36) NOT NULL, `name` varchar(64) NOT NULL, `audience` text NOT NULL, `template_id` varchar(36) NULL, `coupon_count` int NOT NULL DEFAULT '0', `sms_text` varchar(500) NULL, `holdout_percent` int NOT NULL DEFAULT '0', `state` varchar(10) NOT NULL, `cursor` varchar(36) NOT NULL DEFAULT '', `audience_count` int NOT NULL DEFAULT '0', `holdout_count` int NOT NULL DEFAULT '0', `treated_count` int NOT NULL DEFAULT '0', `coupons_issued` int NOT NULL DEFAULT '0', `sms_queued` int NOT NULL DEFAULT '0', `excluded_consent` int NOT NULL DEFAULT '0', `excluded_cap` int NOT NULL DEFAULT '0', `excluded_stock` int NOT NULL DEFAULT '0', `failure` varchar(200) NULL, `created_at` datetime(3) NOT NULL, `started_at` datetime(3) NULL, `finished_at` datetime(3) NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `campaign_delivery` (`id` varchar(36) NOT NULL, `campaign_id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, `grp` varchar(12) NOT NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_delivery_member_touch` (`member_id`, `grp`, `created_at`), UNIQUE INDEX `uq_delivery_campaign_member` (`campaign_id`, `member_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `sms_message` (`id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, `campaign_id` varchar(36) NULL, `phone` varchar(20) NOT NULL, `text` varchar(600) NOT NULL, `status` varchar(10) NOT NULL, `send_after` datetime(3) NOT NULL, `created_at` datetime(3) NOT NULL, `sent_at` datetime(3) NULL, `provider_ref` varchar(64) NULL, `error` varchar(200) NULL, INDEX `ix_sms_campaign` (`campaign_id`), INDEX `ix_sms_due` (`status`, `send_after`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query("ALTER TABLE `chain_settings` ADD `cap_per7_days` int NOT NULL DEFAULT '2'");
    await queryRunner.query("ALTER TABLE `chain_settings` ADD `cap_per30_days` int NOT NULL DEFAULT '4'");
    await queryRunner.query("ALTER TABLE `chain_settings` ADD `quiet_start_hour` int NOT NULL DEFAULT '21'");
    await queryRunner.query("ALTER TABLE `chain_settings` ADD `quiet_end_hour` int NOT NULL DEFAULT '9'");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `quiet_end_hour`');
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `quiet_start_hour`');
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `cap_per30_days`');
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `cap_per7_days`');
    await queryRunner.query('DROP INDEX `ix_sms_due` ON `sms_message`');
    await queryRunner.query('DROP INDEX `ix_sms_campaign` ON `sms_message`');
    await queryRunner.query('DROP TABLE `sms_message`');
    await queryRunner.query('DROP INDEX `uq_delivery_campaign_member` ON `campaign_delivery`');
    await queryRunner.query('DROP INDEX `ix_delivery_member_touch` ON `campaign_delivery`');
    await queryRunner.query('DROP TABLE `campaign_delivery`');
    await queryRunner.query('DROP TABLE `campaign`');
  }
}
