import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobRuns1796062944986 implements MigrationInterface {
  name = 'JobRuns1796062944986';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "job_run" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(40) NOT NULL, "occurrence" varchar(32) NOT NULL, "state" varchar(10) NOT NULL, "instance" varchar(80) NOT NULL, "started_at" datetime(3) NOT NULL, "finished_at" datetime(3), "error" varchar(200))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_job_run_occurrence" ON "job_run" ("name", "occurrence") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_job_run_occurrence"');
    await queryRunner.query('DROP TABLE "job_run"');
  }
}
