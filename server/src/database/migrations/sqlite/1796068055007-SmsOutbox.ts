import { MigrationInterface, QueryRunner } from 'typeorm';

export class SmsOutbox1796068055007 implements MigrationInterface {
  name = 'SmsOutbox1796068055007';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_sms_due"');
    await queryRunner.query('DROP INDEX "ix_sms_campaign"');
    await queryRunner.query(
      'CREATE TABLE "temporary_sms_message" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL, "campaign_id" varchar(36), "phone" varchar(20) NOT NULL, "text" varchar(600) NOT NULL, "status" varchar(10) NOT NULL, "send_after" datetime(3) NOT NULL, "created_at" datetime(3) NOT NULL, "sent_at" datetime(3), "provider_ref" varchar(64), "error" varchar(200), "kind" varchar(10) NOT NULL DEFAULT (\'MARKETING\'), "attempts" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_sms_message"("id", "member_id", "campaign_id", "phone", "text", "status", "send_after", "created_at", "sent_at", "provider_ref", "error") SELECT "id", "member_id", "campaign_id", "phone", "text", "status", "send_after", "created_at", "sent_at", "provider_ref", "error" FROM "sms_message"',
    );
    await queryRunner.query('DROP TABLE "sms_message"');
    await queryRunner.query('ALTER TABLE "temporary_sms_message" RENAME TO "sms_message"');
    await queryRunner.query('CREATE INDEX "ix_sms_due" ON "sms_message" ("status", "send_after") ');
    await queryRunner.query('CREATE INDEX "ix_sms_campaign" ON "sms_message" ("campaign_id") ');
    await queryRunner.query('CREATE INDEX "ix_sms_phone" ON "sms_message" ("phone", "status") ');
    await queryRunner.query('CREATE INDEX "ix_sms_provider_ref" ON "sms_message" ("provider_ref") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_sms_provider_ref"');
    await queryRunner.query('DROP INDEX "ix_sms_phone"');
    await queryRunner.query('DROP INDEX "ix_sms_campaign"');
    await queryRunner.query('DROP INDEX "ix_sms_due"');
    await queryRunner.query('ALTER TABLE "sms_message" RENAME TO "temporary_sms_message"');
    await queryRunner.query(
      'CREATE TABLE "sms_message" ("id" varchar(36) PRIMARY KEY NOT NULL, "member_id" varchar(36) NOT NULL, "campaign_id" varchar(36), "phone" varchar(20) NOT NULL, "text" varchar(600) NOT NULL, "status" varchar(10) NOT NULL, "send_after" datetime(3) NOT NULL, "created_at" datetime(3) NOT NULL, "sent_at" datetime(3), "provider_ref" varchar(64), "error" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "sms_message"("id", "member_id", "campaign_id", "phone", "text", "status", "send_after", "created_at", "sent_at", "provider_ref", "error") SELECT "id", "member_id", "campaign_id", "phone", "text", "status", "send_after", "created_at", "sent_at", "provider_ref", "error" FROM "temporary_sms_message"',
    );
    await queryRunner.query('DROP TABLE "temporary_sms_message"');
    await queryRunner.query('CREATE INDEX "ix_sms_campaign" ON "sms_message" ("campaign_id") ');
    await queryRunner.query('CREATE INDEX "ix_sms_due" ON "sms_message" ("status", "send_after") ');
  }
}
