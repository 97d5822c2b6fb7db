import { MigrationInterface, QueryRunner } from 'typeorm';

export class WelcomeGift1795370568896 implements MigrationInterface {
  name = 'WelcomeGift1795370568896';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `chain_settings` ADD `welcome_template_id` varchar(36) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `chain_settings` DROP COLUMN `welcome_template_id`');
  }
}
