import { MigrationInterface, QueryRunner } from 'typeorm';

export class WechatPayments1796077254318 implements MigrationInterface {
  name = 'WechatPayments1796077254318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `payment_order` (`id` varchar(36) NOT NULL, `out_trade_no` varchar(32) NOT NULL, `member_id` varchar(36) NOT NULL, `request_id` varchar(64) NOT NULL, `kind` varchar(8) NOT NULL, `status` varchar(10) NOT NULL, `amount_fen` int NOT NULL DEFAULT '0', `description` varchar(127) NOT NULL, `detail` text NOT NULL, `provider` varchar(10) NOT NULL, `prepay_id` varchar(64) NULL, `transaction_id` varchar(32) NULL, `payer_openid` varchar(64) NULL, `expires_at` datetime(3) NOT NULL, `paid_at` datetime(3) NULL, `result_ref` varchar(36) NULL, `failure` varchar(200) NULL, `refunded_fen` int NOT NULL DEFAULT '0', `store_id` varchar(36) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_payment_out_trade_no` (`out_trade_no`), INDEX `ix_payment_status` (`status`, `created_at`), UNIQUE INDEX `uq_payment_request` (`member_id`, `request_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `payment_refund` (`id` varchar(36) NOT NULL, `out_refund_no` varchar(32) NOT NULL, `payment_id` varchar(36) NOT NULL, `amount_fen` int NOT NULL DEFAULT '0', `status` varchar(10) NOT NULL, `reason` varchar(80) NOT NULL, `refund_id` varchar(32) NULL, `error` varchar(200) NULL, `attempts` int NOT NULL DEFAULT '0', `reversed` text NOT NULL, `staff_id` varchar(36) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_refund_out_no` (`out_refund_no`), INDEX `ix_refund_payment` (`payment_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `topup_package` (`id` varchar(36) NOT NULL, `name` varchar(40) NOT NULL, `principal_fen` int NOT NULL DEFAULT '0', `bonus_fen` int NOT NULL DEFAULT '0', `active` tinyint NOT NULL DEFAULT 1, `sort_order` int NOT NULL DEFAULT '0', `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `coupon_pack` (`id` varchar(36) NOT NULL, `name` varchar(40) NOT NULL, `description` varchar(200) NULL, `price_fen` int NOT NULL DEFAULT '0', `value_fen` int NOT NULL DEFAULT '0', `items` text NOT NULL, `stock` int NULL, `sold_count` int NOT NULL DEFAULT '0', `held_count` int NOT NULL DEFAULT '0', `per_member_limit` int NULL, `refund_expired` tinyint NOT NULL DEFAULT 1, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `integration_token` (`name` varchar(40) NOT NULL, `value` varchar(1024) NOT NULL, `expires_at` datetime(3) NOT NULL, `refreshing_until` datetime(3) NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`name`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `wechat_code_image` (`scene` varchar(32) NOT NULL, `part` int NOT NULL, `data` blob NOT NULL, `content_type` varchar(40) NOT NULL, `created_at` datetime(3) NOT NULL, PRIMARY KEY (`scene`, `part`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `wechat_subscription` (`member_id` varchar(36) NOT NULL, `template` varchar(20) NOT NULL, `remaining` int NOT NULL DEFAULT '0', `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`member_id`, `template`)) ENGINE=InnoDB",
    );
    await queryRunner.query('ALTER TABLE `coupon` ADD `locked_payment_id` varchar(36) NULL');
    await queryRunner.query('CREATE INDEX `ix_coupon_locked` ON `coupon` (`locked_payment_id`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_coupon_locked` ON `coupon`');
    await queryRunner.query('ALTER TABLE `coupon` DROP COLUMN `locked_payment_id`');
    await queryRunner.query('DROP TABLE `wechat_subscription`');
    await queryRunner.query('DROP TABLE `wechat_code_image`');
    await queryRunner.query('DROP TABLE `integration_token`');
    await queryRunner.query('DROP TABLE `coupon_pack`');
    await queryRunner.query('DROP TABLE `topup_package`');
    await queryRunner.query('DROP INDEX `ix_refund_payment` ON `payment_refund`');
    await queryRunner.query('DROP INDEX `uq_refund_out_no` ON `payment_refund`');
    await queryRunner.query('DROP TABLE `payment_refund`');
    await queryRunner.query('DROP INDEX `uq_payment_request` ON `payment_order`');
    await queryRunner.query('DROP INDEX `ix_payment_status` ON `payment_order`');
    await queryRunner.query('DROP INDEX `uq_payment_out_trade_no` ON `payment_order`');
    await queryRunner.query('DROP TABLE `payment_order`');
  }
}
