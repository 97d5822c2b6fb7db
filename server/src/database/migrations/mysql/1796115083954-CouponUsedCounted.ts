import { MigrationInterface, QueryRunner } from 'typeorm';

export class CouponUsedCounted1796115083954 implements MigrationInterface {
  name = 'CouponUsedCounted1796115083954';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_coupon_template` ON `coupon`');
    await queryRunner.query('ALTER TABLE `coupon_template` DROP COLUMN `used_count`');
    await queryRunner.query('CREATE INDEX `ix_coupon_template_status` ON `coupon` (`template_id`, `status`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_coupon_template_status` ON `coupon`');
    await queryRunner.query('ALTER TABLE `coupon_template` ADD `used_count` int NOT NULL DEFAULT 0');
    await queryRunner.query('CREATE INDEX `ix_coupon_template` ON `coupon` (`template_id`)');
  }
}
