import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, RefColumn, StrColumn } from '../../database/columns';

/**
 * How many coupons of a template a member has received, overall (`period` = 'ALL') and per local
 * day (`period` = 'YYYY-MM-DD'). Incremented with a conditional UPDATE so limits hold under races.
 */
@Entity('coupon_claim_counter')
@Index('uq_claim_counter', ['memberId', 'templateId', 'period'], { unique: true })
export class CouponClaimCounter {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  @RefColumn() templateId: string;
  @StrColumn(10) period: string;
  @IntColumn({ default: 0 }) count: number;
}
