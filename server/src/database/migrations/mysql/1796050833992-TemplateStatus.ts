import { MigrationInterface, QueryRunner } from 'typeorm';

export class TemplateStatus1796050833992 implements MigrationInterface {
  name = 'TemplateStatus1796050833992';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE `coupon_template` ADD `status` varchar(10) NOT NULL DEFAULT 'PUBLISHED'",
    );
    // Templates switched off before statuses existed are paused, not published.
    await queryRunner.query("UPDATE `coupon_template` SET `status` = 'PAUSED' WHERE `active` = 0");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `coupon_template` DROP COLUMN `status`');
  }
}
