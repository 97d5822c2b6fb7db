import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignProgress1796062014720 implements MigrationInterface {
  name = 'CampaignProgress1796062014720';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `campaign` ADD `expected_audience` int NOT NULL DEFAULT '0'");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `campaign` DROP COLUMN `expected_audience`');
  }
}
