import { MigrationInterface, QueryRunner } from 'typeorm';

export class FlashSale1796089588941 implements MigrationInterface {
  name = 'FlashSale1796089588941';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `coupon_template` ADD `flash_start_at` datetime(3) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `coupon_template` DROP COLUMN `flash_start_at`');
  }
}
