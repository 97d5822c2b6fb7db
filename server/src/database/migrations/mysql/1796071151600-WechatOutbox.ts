import { MigrationInterface, QueryRunner } from 'typeorm';

export class WechatOutbox1796071151600 implements MigrationInterface {
  name = 'WechatOutbox1796071151600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `wechat_message` (`id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, `source_id` varchar(36) NULL, `openid` varchar(64) NOT NULL, `template` varchar(20) NOT NULL, `data` text NOT NULL, `status` varchar(10) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `created_at` datetime(3) NOT NULL, `sent_at` datetime(3) NULL, `error` varchar(200) NULL, INDEX `ix_wechat_source` (`source_id`), INDEX `ix_wechat_due` (`status`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query('ALTER TABLE `automation` ADD `wechat` tinyint NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE `campaign` ADD `wechat` tinyint NOT NULL DEFAULT 0');
    await queryRunner.query("ALTER TABLE `campaign` ADD `wechat_queued` int NOT NULL DEFAULT '0'");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `campaign` DROP COLUMN `wechat_queued`');
    await queryRunner.query('ALTER TABLE `campaign` DROP COLUMN `wechat`');
    await queryRunner.query('ALTER TABLE `automation` DROP COLUMN `wechat`');
    await queryRunner.query('DROP INDEX `ix_wechat_due` ON `wechat_message`');
    await queryRunner.query('DROP INDEX `ix_wechat_source` ON `wechat_message`');
    await queryRunner.query('DROP TABLE `wechat_message`');
  }
}
