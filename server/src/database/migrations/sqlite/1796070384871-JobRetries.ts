import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobRetries1796070384871 implements MigrationInterface {
  name = 'JobRetries1796070384871';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_job_run_occurrence"');
    await queryRunner.query(
      'CREATE TABLE "temporary_job_run" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(40) NOT NULL, "occurrence" varchar(32) NOT NULL, "state" varchar(10) NOT NULL, "instance" varchar(80) NOT NULL, "started_at" datetime(3) NOT NULL, "finished_at" datetime(3), "error" varchar(200), "attempts" integer NOT NULL DEFAULT (1), "retry_at" datetime(3))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_job_run"("id", "name", "occurrence", "state", "instance", "started_at", "finished_at", "error") SELECT "id", "name", "occurrence", "state", "instance", "started_at", "finished_at", "error" FROM "job_run"',
    );
    await queryRunner.query('DROP TABLE "job_run"');
    await queryRunner.query('ALTER TABLE "temporary_job_run" RENAME TO "job_run"');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_job_run_occurrence" ON "job_run" ("name", "occurrence") ',
    );
    await queryRunner.query('CREATE INDEX "ix_job_run_started" ON "job_run" ("started_at") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_job_run_started"');
    await queryRunner.query('DROP INDEX "uq_job_run_occurrence"');
    await queryRunner.query('ALTER TABLE "job_run" RENAME TO "temporary_job_run"');
    await queryRunner.query(
      'CREATE TABLE "job_run" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(40) NOT NULL, "occurrence" varchar(32) NOT NULL, "state" varchar(10) NOT NULL, "instance" varchar(80) NOT NULL, "started_at" datetime(3) NOT NULL, "finished_at" datetime(3), "error" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "job_run"("id", "name", "occurrence", "state", "instance", "started_at", "finished_at", "error") SELECT "id", "name", "occurrence", "state", "instance", "started_at", "finished_at", "error" FROM "temporary_job_run"',
    );
    await queryRunner.query('DROP TABLE "temporary_job_run"');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_job_run_occurrence" ON "job_run" ("name", "occurrence") ',
    );
  }
}
