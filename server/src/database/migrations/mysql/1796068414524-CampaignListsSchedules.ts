import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignListsSchedules1796068414524 implements MigrationInterface {
  name = 'CampaignListsSchedules1796068414524';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `campaign_list_member` (`campaign_id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, PRIMARY KEY (`campaign_id`, `member_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query('ALTER TABLE `campaign` ADD `scheduled_at` datetime(3) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `campaign` DROP COLUMN `scheduled_at`');
    await queryRunner.query('DROP TABLE `campaign_list_member`');
  }
}
