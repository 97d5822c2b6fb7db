import { MigrationInterface, QueryRunner } from 'typeorm';

export class SmsOutbox1796068055007 implements MigrationInterface {
  name = 'SmsOutbox1796068055007';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `sms_message` ADD `kind` varchar(10) NOT NULL DEFAULT 'MARKETING'");
    await queryRunner.query("ALTER TABLE `sms_message` ADD `attempts` int NOT NULL DEFAULT '0'");
    await queryRunner.query('CREATE INDEX `ix_sms_phone` ON `sms_message` (`phone`, `status`)');
    await queryRunner.query('CREATE INDEX `ix_sms_provider_ref` ON `sms_message` (`provider_ref`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_sms_provider_ref` ON `sms_message`');
    await queryRunner.query('DROP INDEX `ix_sms_phone` ON `sms_message`');
    await queryRunner.query('ALTER TABLE `sms_message` DROP COLUMN `attempts`');
    await queryRunner.query('ALTER TABLE `sms_message` DROP COLUMN `kind`');
  }
}
