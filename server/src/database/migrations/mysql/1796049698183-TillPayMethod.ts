import { MigrationInterface, QueryRunner } from 'typeorm';

export class TillPayMethod1796049698183 implements MigrationInterface {
  name = 'TillPayMethod1796049698183';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `visit` ADD `pay_method` varchar(10) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `visit` DROP COLUMN `pay_method`');
  }
}
