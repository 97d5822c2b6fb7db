import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobRetries1796070384871 implements MigrationInterface {
  name = 'JobRetries1796070384871';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `job_run` ADD `attempts` int NOT NULL DEFAULT '1'");
    await queryRunner.query('ALTER TABLE `job_run` ADD `retry_at` datetime(3) NULL');
    await queryRunner.query('CREATE INDEX `ix_job_run_started` ON `job_run` (`started_at`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_job_run_started` ON `job_run`');
    await queryRunner.query('ALTER TABLE `job_run` DROP COLUMN `retry_at`');
    await queryRunner.query('ALTER TABLE `job_run` DROP COLUMN `attempts`');
  }
}
