import { Entity } from 'typeorm';
import type { AutomationParams, AutomationTrigger } from '@tableside/shared';
import {
  BoolColumn,
  DateTimeColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  RefColumn,
  StrColumn,
} from '../database/columns';

/**
 * A triggered rule (DESIGN.md §4): when `trigger` happens for a member, give the coupons and/or
 * the SMS — under the same holdout, caps, quiet hours and consent as a campaign. What it did is in
 * `campaign_delivery` (source = this id, one row per member and occurrence).
 */
@Entity('automation')
export class Automation {
  @IdColumn() id: string;
  @StrColumn(64) name: string;
  @StrColumn(20) trigger: AutomationTrigger;
  @JsonColumn({ nullable: false }) params: AutomationParams;
  @RefColumn({ nullable: true }) templateId: string | null;
  @IntColumn({ default: 0 }) couponCount: number;
  @StrColumn(500, { nullable: true }) smsText: string | null;
  /** Also a WeChat subscribe message (the expiring triggers remind, the others announce the coupon). */
  @BoolColumn(false) wechat: boolean;
  @IntColumn({ default: 0 }) holdoutPercent: number;
  @BoolColumn(false) enabled: boolean;
  /** When it was last switched on: event triggers only look at what happened since. */
  @DateTimeColumn({ nullable: true }) enabledAt: Date | null;
  @DateTimeColumn({ nullable: true }) lastRunAt: Date | null;
  /** Why the last run stopped (e.g. the template ran out or was paused); null when it went well. */
  @StrColumn(200, { nullable: true }) lastError: string | null;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn() updatedAt: Date;
}
