import { MigrationInterface, QueryRunner } from 'typeorm';

export class CouponIssueRef1796069305301 implements MigrationInterface {
  name = 'CouponIssueRef1796069305301';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "ix_coupon_issue_ref" ON "coupon" ("issue_ref", "member_id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_coupon_issue_ref"');
  }
}
