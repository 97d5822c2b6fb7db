import { MigrationInterface, QueryRunner } from 'typeorm';

export class MemberInsight1796051832219 implements MigrationInterface {
  name = 'MemberInsight1796051832219';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "member_insight" ("member_id" varchar(36) PRIMARY KEY NOT NULL, "as_of" varchar(10) NOT NULL, "recency_days" integer, "frequency" integer NOT NULL DEFAULT (0), "monetary_fen" integer NOT NULL DEFAULT (0), "r_score" integer, "f_score" integer, "m_score" integer, "rfm_segment" varchar(16), "lifecycle" varchar(10) NOT NULL, "repeat_days" integer NOT NULL DEFAULT (0), "first_day" integer, "last_day" integer, "avg_interval_days" double, "next_visit_on" varchar(10), "p_alive" double, "expected_visits30" double, "expected_visits90" double, "cluster" varchar(32), "updated_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_insight_triple" ON "member_insight" ("first_day", "last_day", "repeat_days") ',
    );
    await queryRunner.query('CREATE INDEX "ix_insight_palive" ON "member_insight" ("p_alive") ');
    await queryRunner.query('CREATE INDEX "ix_insight_lifecycle" ON "member_insight" ("lifecycle") ');
    await queryRunner.query(
      'CREATE INDEX "ix_insight_rfm" ON "member_insight" ("r_score", "f_score", "m_score") ',
    );
    await queryRunner.query(
      'CREATE TABLE "insight_model" ("id" varchar(36) PRIMARY KEY NOT NULL, "as_of" varchar(10) NOT NULL, "unit" varchar(8) NOT NULL, "r" double NOT NULL DEFAULT (0), "alpha" double NOT NULL DEFAULT (0), "a" double NOT NULL DEFAULT (0), "b" double NOT NULL DEFAULT (0), "log_likelihood" double NOT NULL DEFAULT (0), "members" integer NOT NULL, "repeat_visits" integer NOT NULL, "created_at" datetime(3) NOT NULL)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "insight_model"');
    await queryRunner.query('DROP INDEX "ix_insight_rfm"');
    await queryRunner.query('DROP INDEX "ix_insight_lifecycle"');
    await queryRunner.query('DROP INDEX "ix_insight_palive"');
    await queryRunner.query('DROP INDEX "ix_insight_triple"');
    await queryRunner.query('DROP TABLE "member_insight"');
  }
}
