import { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionsAndSecurity1796048787226 implements MigrationInterface {
  name = 'SessionsAndSecurity1796048787226';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `member` ADD `token_version` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `staff` ADD `token_version` int NOT NULL DEFAULT '0'");
    await queryRunner.query('ALTER TABLE `staff` ADD `must_change_password` tinyint NOT NULL DEFAULT 0');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `staff` DROP COLUMN `must_change_password`');
    await queryRunner.query('ALTER TABLE `staff` DROP COLUMN `token_version`');
    await queryRunner.query('ALTER TABLE `member` DROP COLUMN `token_version`');
  }
}
