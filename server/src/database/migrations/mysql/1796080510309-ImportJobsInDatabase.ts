import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImportJobsInDatabase1796080510309 implements MigrationInterface {
  name = 'ImportJobsInDatabase1796080510309';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `import_job` (`id` varchar(36) NOT NULL, `staff_id` varchar(36) NOT NULL, `kind` varchar(10) NOT NULL, `file_name` varchar(200) NULL, `status` varchar(10) NOT NULL, `create_members` tinyint NOT NULL DEFAULT 0, `bytes` int NOT NULL DEFAULT '0', `chunks` int NOT NULL DEFAULT '0', `total` int NOT NULL DEFAULT '0', `processed` int NOT NULL DEFAULT '0', `imported` int NOT NULL DEFAULT '0', `skipped` int NOT NULL DEFAULT '0', `failure` varchar(400) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `import_job_part` (`job_id` varchar(36) NOT NULL, `seq` int NOT NULL, `text` text NOT NULL, PRIMARY KEY (`job_id`, `seq`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `import_job_error` (`id` varchar(36) NOT NULL, `job_id` varchar(36) NOT NULL, `line` int NOT NULL, `reason` varchar(300) NOT NULL, INDEX `ix_import_error_job` (`job_id`, `line`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_import_error_job` ON `import_job_error`');
    await queryRunner.query('DROP TABLE `import_job_error`');
    await queryRunner.query('DROP TABLE `import_job_part`');
    await queryRunner.query('DROP TABLE `import_job`');
  }
}
