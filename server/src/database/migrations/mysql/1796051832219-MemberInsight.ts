import { MigrationInterface, QueryRunner } from 'typeorm';

export class MemberInsight1796051832219 implements MigrationInterface {
  name = 'MemberInsight1796051832219';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `member_insight` (`member_id` varchar(36) NOT NULL, `as_of` varchar(10) NOT NULL, `recency_days` int NULL, `frequency` int NOT NULL DEFAULT '0', `monetary_fen` int NOT NULL DEFAULT '0', `r_score` int NULL, `f_score` int NULL, `m_score` int NULL, `rfm_segment` varchar(16) NULL, `lifecycle` varchar(10) NOT NULL, `repeat_days` int NOT NULL DEFAULT '0', `first_day` int NULL, `last_day` int NULL, `avg_interval_days` double NULL, `next_visit_on` varchar(10) NULL, `p_alive` double NULL, `expected_visits30` double NULL, `expected_visits90` double NULL, `cluster` varchar(32) NULL, `updated_at` datetime(3) NOT NULL, INDEX `ix_insight_triple` (`first_day`, `last_day`, `repeat_days`), INDEX `ix_insight_palive` (`p_alive`), INDEX `ix_insight_lifecycle` (`lifecycle`), INDEX `ix_insight_rfm` (`r_score`, `f_score`, `m_score`), PRIMARY KEY (`member_id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `insight_model` (`id` varchar(36) NOT NULL, `as_of` varchar(10) NOT NULL, `unit` varchar(8) NOT NULL, `r` double NOT NULL DEFAULT '0', `alpha` double NOT NULL DEFAULT '0', `a` double NOT NULL DEFAULT '0', `b` double NOT NULL DEFAULT '0', `log_likelihood` double NOT NULL DEFAULT '0', `members` int NOT NULL, `repeat_visits` int NOT NULL, `created_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `insight_model`');
    await queryRunner.query('DROP INDEX `ix_insight_rfm` ON `member_insight`');
    await queryRunner.query('DROP INDEX `ix_insight_lifecycle` ON `member_insight`');
    await queryRunner.query('DROP INDEX `ix_insight_palive` ON `member_insight`');
    await queryRunner.query('DROP INDEX `ix_insight_triple` ON `member_insight`');
    await queryRunner.query('DROP TABLE `member_insight`');
  }
}
