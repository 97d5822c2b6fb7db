import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795358537756 implements MigrationInterface {
  name = 'Initial1795358537756';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `audit_log` (`id` varchar(36) NOT NULL, `staff_id` varchar(36) NULL, `staff_name` varchar(64) NULL, `action` varchar(64) NOT NULL, `target_type` varchar(32) NULL, `target_id` varchar(64) NULL, `detail` text NULL, `ip` varchar(64) NULL, `store_id` varchar(36) NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_audit_target` (`target_type`, `target_id`), INDEX `ix_audit_created` (`created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `idempotency_record` (`id` varchar(36) NOT NULL, `scope` varchar(80) NOT NULL, `request_id` varchar(64) NOT NULL, `request_hash` varchar(64) NOT NULL, `response` text NOT NULL, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_idempotency` (`scope`, `request_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `coupon_claim_counter` (`id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, `template_id` varchar(36) NOT NULL, `period` varchar(10) NOT NULL, `count` int NOT NULL DEFAULT '0', UNIQUE INDEX `uq_claim_counter` (`member_id`, `template_id`, `period`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `coupon_template` (`id` varchar(36) NOT NULL, `name` varchar(64) NOT NULL, `type` varchar(10) NOT NULL, `value_fen` int NULL, `percent_off` int NULL, `max_discount_fen` int NULL, `threshold_fen` int NULL, `item_name` varchar(64) NULL, `valid_from` datetime(3) NULL, `valid_to` datetime(3) NULL, `valid_days` int NULL, `weekdays` text NULL, `time_windows` text NULL, `store_ids` text NULL, `min_tier_id` varchar(36) NULL, `stacking` varchar(10) NOT NULL DEFAULT 'EXCLUSIVE', `max_per_bill` int NULL, `stock` int NULL, `issued_count` int NOT NULL DEFAULT '0', `used_count` int NOT NULL DEFAULT '0', `per_member_limit` int NULL, `per_member_daily_limit` int NULL, `channels` text NULL, `points_cost` int NULL, `description` varchar(500) NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `coupon` (`id` varchar(36) NOT NULL, `code` varchar(24) NOT NULL, `template_id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, `status` varchar(10) NOT NULL, `valid_from` datetime(3) NOT NULL, `valid_to` datetime(3) NOT NULL, `issued_at` datetime(3) NOT NULL, `issue_channel` varchar(16) NOT NULL, `issue_ref` varchar(64) NULL, `used_at` datetime(3) NULL, `used_store_id` varchar(36) NULL, `used_visit_id` varchar(36) NULL, `used_by_staff_id` varchar(36) NULL, UNIQUE INDEX `uq_coupon_code` (`code`), INDEX `ix_coupon_template` (`template_id`), INDEX `ix_coupon_member_status` (`member_id`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `member` (`id` varchar(36) NOT NULL, `member_no` int NOT NULL, `openid` varchar(64) NULL, `unionid` varchar(64) NULL, `phone` varchar(20) NULL, `external_id` varchar(64) NULL, `name` varchar(64) NULL, `gender` varchar(1) NOT NULL DEFAULT 'U', `birthday` varchar(10) NULL, `join_store_id` varchar(36) NULL, `join_channel` varchar(16) NOT NULL, `tier_id` varchar(36) NOT NULL, `points_balance` int NOT NULL DEFAULT '0', `balance_principal_fen` int NOT NULL DEFAULT '0', `balance_bonus_fen` int NOT NULL DEFAULT '0', `consent_sms` tinyint NOT NULL DEFAULT 0, `consent_wechat` tinyint NOT NULL DEFAULT 0, `consent_updated_at` datetime(3) NULL, `consent_channel` varchar(16) NULL, `tags` text NOT NULL, `code_secret` varchar(64) NOT NULL, `deleted_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_member_no` (`member_no`), UNIQUE INDEX `uq_member_openid` (`openid`), UNIQUE INDEX `uq_member_phone` (`phone`), UNIQUE INDEX `uq_member_external_id` (`external_id`), INDEX `ix_member_created` (`created_at`), INDEX `ix_member_join_store` (`join_store_id`), INDEX `ix_member_tier` (`tier_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `points_entry` (`id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, `type` varchar(10) NOT NULL, `points` int NOT NULL, `balance_after` int NOT NULL, `remaining` int NOT NULL DEFAULT '0', `expires_at` datetime(3) NULL, `source` varchar(10) NOT NULL, `reason` varchar(200) NOT NULL, `ref_type` varchar(20) NULL, `ref_id` varchar(36) NULL, `staff_id` varchar(36) NULL, `idempotency_key` varchar(100) NOT NULL, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_points_idempotency` (`idempotency_key`), INDEX `ix_points_lots` (`member_id`, `expires_at`), INDEX `ix_points_member_created` (`member_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `pos_key` (`id` varchar(40) NOT NULL, `store_id` varchar(36) NOT NULL, `secret_enc` varchar(200) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL, `last_used_at` datetime(3) NULL, INDEX `ix_pos_key_store` (`store_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `pos_nonce` (`id` varchar(36) NOT NULL, `key_id` varchar(40) NOT NULL, `nonce` varchar(64) NOT NULL, `created_at` datetime(3) NOT NULL, INDEX `ix_pos_nonce_created` (`created_at`), UNIQUE INDEX `uq_pos_nonce` (`key_id`, `nonce`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `chain_settings` (`id` int NOT NULL, `chain_name` varchar(64) NOT NULL, `time_zone` varchar(64) NOT NULL, `points_per_yuan` int NOT NULL DEFAULT '1', `points_expiry_years` int NOT NULL DEFAULT '1', `tier_window_months` int NOT NULL DEFAULT '12', `tier_grace_days` int NOT NULL DEFAULT '30', `member_code_step_seconds` int NOT NULL DEFAULT '30', `updated_at` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `staff` (`id` varchar(36) NOT NULL, `username` varchar(64) NOT NULL, `name` varchar(64) NOT NULL, `password_hash` varchar(200) NOT NULL, `role` varchar(20) NOT NULL, `store_ids` text NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_staff_username` (`username`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `store_table` (`id` varchar(36) NOT NULL, `store_id` varchar(36) NOT NULL, `table_no` varchar(16) NOT NULL, `seats` int NULL, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_store_table_no` (`store_id`, `table_no`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `store` (`id` varchar(36) NOT NULL, `code` varchar(32) NOT NULL, `name` varchar(64) NOT NULL, `address` varchar(200) NULL, `phone` varchar(32) NULL, `void_window_minutes` int NOT NULL DEFAULT '30', `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_store_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `tier` (`id` varchar(36) NOT NULL, `code` varchar(32) NOT NULL, `name` varchar(32) NOT NULL, `rank` int NOT NULL, `threshold_fen` int NOT NULL DEFAULT '0', `points_multiplier_percent` int NOT NULL DEFAULT '100', `benefits` text NULL, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_tier_code` (`code`), UNIQUE INDEX `uq_tier_rank` (`rank`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `visit` (`id` varchar(36) NOT NULL, `member_id` varchar(36) NULL, `store_id` varchar(36) NOT NULL, `amount_fen` int NOT NULL DEFAULT '0', `discount_fen` int NOT NULL DEFAULT '0', `paid_fen` int NOT NULL DEFAULT '0', `balance_paid_fen` int NOT NULL DEFAULT '0', `occurred_at` datetime(3) NOT NULL, `party_size` int NULL, `channel` varchar(10) NOT NULL, `order_ref` varchar(64) NULL, `coupon_codes` text NOT NULL, `points_earned` int NOT NULL DEFAULT '0', `status` varchar(10) NOT NULL DEFAULT 'OK', `voided_at` datetime(3) NULL, `void_reason` varchar(200) NULL, `staff_id` varchar(36) NULL, `pos_key_id` varchar(40) NULL, `import_key` varchar(64) NULL, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_visit_import_key` (`import_key`), INDEX `ix_visit_time` (`occurred_at`), INDEX `ix_visit_store_time` (`store_id`, `occurred_at`), INDEX `ix_visit_member_time` (`member_id`, `occurred_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `wallet_entry` (`id` varchar(36) NOT NULL, `member_id` varchar(36) NOT NULL, `type` varchar(10) NOT NULL, `principal_fen` int NOT NULL, `bonus_fen` int NOT NULL, `principal_after_fen` int NOT NULL DEFAULT '0', `bonus_after_fen` int NOT NULL DEFAULT '0', `reason` varchar(200) NOT NULL, `ref_type` varchar(20) NULL, `ref_id` varchar(36) NULL, `staff_id` varchar(36) NULL, `idempotency_key` varchar(100) NOT NULL, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_wallet_idempotency` (`idempotency_key`), INDEX `ix_wallet_member_created` (`member_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_wallet_member_created` ON `wallet_entry`');
    await queryRunner.query('DROP INDEX `uq_wallet_idempotency` ON `wallet_entry`');
    await queryRunner.query('DROP TABLE `wallet_entry`');
    await queryRunner.query('DROP INDEX `ix_visit_member_time` ON `visit`');
    await queryRunner.query('DROP INDEX `ix_visit_store_time` ON `visit`');
    await queryRunner.query('DROP INDEX `ix_visit_time` ON `visit`');
    await queryRunner.query('DROP INDEX `uq_visit_import_key` ON `visit`');
    await queryRunner.query('DROP TABLE `visit`');
    await queryRunner.query('DROP INDEX `uq_tier_rank` ON `tier`');
    await queryRunner.query('DROP INDEX `uq_tier_code` ON `tier`');
    await queryRunner.query('DROP TABLE `tier`');
    await queryRunner.query('DROP INDEX `uq_store_code` ON `store`');
    await queryRunner.query('DROP TABLE `store`');
    await queryRunner.query('DROP INDEX `uq_store_table_no` ON `store_table`');
    await queryRunner.query('DROP TABLE `store_table`');
    await queryRunner.query('DROP INDEX `uq_staff_username` ON `staff`');
    await queryRunner.query('DROP TABLE `staff`');
    await queryRunner.query('DROP TABLE `chain_settings`');
    await queryRunner.query('DROP INDEX `uq_pos_nonce` ON `pos_nonce`');
    await queryRunner.query('DROP INDEX `ix_pos_nonce_created` ON `pos_nonce`');
    await queryRunner.query('DROP TABLE `pos_nonce`');
    await queryRunner.query('DROP INDEX `ix_pos_key_store` ON `pos_key`');
    await queryRunner.query('DROP TABLE `pos_key`');
    await queryRunner.query('DROP INDEX `ix_points_member_created` ON `points_entry`');
    await queryRunner.query('DROP INDEX `ix_points_lots` ON `points_entry`');
    await queryRunner.query('DROP INDEX `uq_points_idempotency` ON `points_entry`');
    await queryRunner.query('DROP TABLE `points_entry`');
    await queryRunner.query('DROP INDEX `ix_member_tier` ON `member`');
    await queryRunner.query('DROP INDEX `ix_member_join_store` ON `member`');
    await queryRunner.query('DROP INDEX `ix_member_created` ON `member`');
    await queryRunner.query('DROP INDEX `uq_member_external_id` ON `member`');
    await queryRunner.query('DROP INDEX `uq_member_phone` ON `member`');
    await queryRunner.query('DROP INDEX `uq_member_openid` ON `member`');
    await queryRunner.query('DROP INDEX `uq_member_no` ON `member`');
    await queryRunner.query('DROP TABLE `member`');
    await queryRunner.query('DROP INDEX `ix_coupon_member_status` ON `coupon`');
    await queryRunner.query('DROP INDEX `ix_coupon_template` ON `coupon`');
    await queryRunner.query('DROP INDEX `uq_coupon_code` ON `coupon`');
    await queryRunner.query('DROP TABLE `coupon`');
    await queryRunner.query('DROP TABLE `coupon_template`');
    await queryRunner.query('DROP INDEX `uq_claim_counter` ON `coupon_claim_counter`');
    await queryRunner.query('DROP TABLE `coupon_claim_counter`');
    await queryRunner.query('DROP INDEX `uq_idempotency` ON `idempotency_record`');
    await queryRunner.query('DROP TABLE `idempotency_record`');
    await queryRunner.query('DROP INDEX `ix_audit_created` ON `audit_log`');
    await queryRunner.query('DROP INDEX `ix_audit_target` ON `audit_log`');
    await queryRunner.query('DROP TABLE `audit_log`');
  }
}
