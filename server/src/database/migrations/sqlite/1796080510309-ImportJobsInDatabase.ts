import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImportJobsInDatabase1796080510309 implements MigrationInterface {
  name = 'ImportJobsInDatabase1796080510309';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "import_job" ("id" varchar(36) PRIMARY KEY NOT NULL, "staff_id" varchar(36) NOT NULL, "kind" varchar(10) NOT NULL, "file_name" varchar(200), "status" varchar(10) NOT NULL, "create_members" boolean NOT NULL DEFAULT (0), "bytes" integer NOT NULL DEFAULT (0), "chunks" integer NOT NULL DEFAULT (0), "total" integer NOT NULL DEFAULT (0), "processed" integer NOT NULL DEFAULT (0), "imported" integer NOT NULL DEFAULT (0), "skipped" integer NOT NULL DEFAULT (0), "failure" varchar(400), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "import_job_part" ("job_id" varchar(36) NOT NULL, "seq" integer NOT NULL, "text" text NOT NULL, PRIMARY KEY ("job_id", "seq"))',
    );
    await queryRunner.query(
      'CREATE TABLE "import_job_error" ("id" varchar(36) PRIMARY KEY NOT NULL, "job_id" varchar(36) NOT NULL, "line" integer NOT NULL, "reason" varchar(300) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "ix_import_error_job" ON "import_job_error" ("job_id", "line") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_import_error_job"');
    await queryRunner.query('DROP TABLE "import_job_error"');
    await queryRunner.query('DROP TABLE "import_job_part"');
    await queryRunner.query('DROP TABLE "import_job"');
  }
}
