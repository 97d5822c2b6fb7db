import { MigrationInterface, QueryRunner } from 'typeorm';

export class Segments1796052809434 implements MigrationInterface {
  name = 'Segments1796052809434';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "segment" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "description" varchar(200), "filter" text NOT NULL, "owner_staff_id" varchar(36) NOT NULL, "owner_name" varchar(64) NOT NULL, "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "segment"');
  }
}
