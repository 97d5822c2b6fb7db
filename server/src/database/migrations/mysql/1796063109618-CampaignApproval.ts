import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignApproval1796063109618 implements MigrationInterface {
  name = 'CampaignApproval1796063109618';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `campaign` ADD `approved_by` varchar(36) NULL');
    await queryRunner.query(
      "ALTER TABLE `chain_settings` ADD `campaign_approval_above` int NOT NULL DEFAULT '5000'",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `campaign_approval_above`');
    await queryRunner.query('ALTER TABLE `campaign` DROP COLUMN `approved_by`');
  }
}
