import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobRuns1796062944986 implements MigrationInterface {
  name = 'JobRuns1796062944986';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `job_run` (`id` varchar(36) NOT NULL, `name` varchar(40) NOT NULL, `occurrence` varchar(32) NOT NULL, `state` varchar(10) NOT NULL, `instance` varchar(80) NOT NULL, `started_at` datetime(3) NOT NULL, `finished_at` datetime(3) NULL, `error` varchar(200) NULL, UNIQUE INDEX `uq_job_run_occurrence` (`name`, `occurrence`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_job_run_occurrence` ON `job_run`');
    await queryRunner.query('DROP TABLE `job_run`');
  }
}
