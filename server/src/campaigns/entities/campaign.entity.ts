import { Entity, Index, PrimaryColumn } from 'typeorm';
import {
  BoolColumn,
  DateTimeColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  RefColumn,
  StrColumn,
} from '../../database/columns';

export type CampaignState = 'READY' | 'SCHEDULED' | 'RUNNING' | 'DONE' | 'FAILED';
export type DeliveryGroup = 'TREATED' | 'HOLDOUT' | 'NO_CONSENT' | 'CAPPED' | 'NO_STOCK';

/**
 * A campaign and the durable state of its run: the audience is walked in member-id order and
 * `cursor` is the last member handled — advanced in the same transaction that writes that batch's
 * deliveries, coupons and messages, so a killed run resumes exactly where its last commit left it.
 */
@Entity('campaign')
export class Campaign {
  @IdColumn() id: string;
  @StrColumn(64) name: string;
  /**
   * { all: true } | { segmentId } | { filter } (DESIGN.md §6) | { list: { uploaded, matched } } —
   * an uploaded phone list, resolved to members in `campaign_list_member` when created (the
   * numbers themselves are not kept).
   */
  @JsonColumn({ nullable: false }) audience: Record<string, unknown>;
  @RefColumn({ nullable: true }) templateId: string | null;
  @IntColumn({ default: 0 }) couponCount: number;
  @StrColumn(500, { nullable: true }) smsText: string | null;
  /** Also the WeChat subscribe message 「券到账提醒」 to members who subscribed. */
  @BoolColumn(false) wechat: boolean;
  @IntColumn({ default: 0 }) holdoutPercent: number;
  @StrColumn(10) state: CampaignState;
  @StrColumn(36, { default: '' }) cursor: string;
  /** The audience size counted when the run started: the progress bar's 100%. */
  @IntColumn({ default: 0 }) expectedAudience: number;
  @IntColumn({ default: 0 }) audienceCount: number;
  @IntColumn({ default: 0 }) holdoutCount: number;
  @IntColumn({ default: 0 }) treatedCount: number;
  @IntColumn({ default: 0 }) couponsIssued: number;
  @IntColumn({ default: 0 }) smsQueued: number;
  @IntColumn({ default: 0 }) wechatQueued: number;
  @IntColumn({ default: 0 }) excludedConsent: number;
  @IntColumn({ default: 0 }) excludedCap: number;
  @IntColumn({ default: 0 }) excludedStock: number;
  @StrColumn(200, { nullable: true }) failure: string | null;
  /** The HQ admin who sent a campaign above the approval size (null: none was needed). */
  @RefColumn({ nullable: true }) approvedBy: string | null;
  /** Send at this time (SCHEDULED once confirmed); null: when someone presses send. */
  @DateTimeColumn({ nullable: true }) scheduledAt: Date | null;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn({ nullable: true }) startedAt: Date | null;
  @DateTimeColumn({ nullable: true }) finishedAt: Date | null;
  @DateTimeColumn() updatedAt: Date;
}

/**
 * One row per source (a campaign, or an automation), member and occurrence: what the member got
 * (or why not). Never two. A campaign's occurrence is '' (once per campaign); an automation's is
 * what makes it fire again (the birthday's date, the visit's id…).
 */
@Entity('campaign_delivery')
@Index('uq_delivery_source_member_occurrence', ['campaignId', 'memberId', 'occurrence'], { unique: true })
// The frequency cap: a member's marketing touches over the last 7 / 30 days.
@Index('ix_delivery_member_touch', ['memberId', 'grp', 'createdAt'])
export class CampaignDelivery {
  @IdColumn() id: string;
  /** The campaign's or the automation's id. */
  @RefColumn() campaignId: string;
  @RefColumn() memberId: string;
  @StrColumn(40, { default: '' }) occurrence: string;
  @StrColumn(12) grp: DeliveryGroup;
  @DateTimeColumn() createdAt: Date;
}

/**
 * The SMS outbox: written with the delivery, sent by the SMS dispatcher from `sendAfter` on.
 * QUEUED → SENDING (claimed by one dispatcher) → SENT (the provider took it) → DELIVERED / FAILED
 * (receipt). A failed call goes back to QUEUED with a backoff; a message left SENDING by a crash is
 * never resent blindly (FAILED, "result unknown") — a marketing SMS twice is worse than once missing.
 */
@Entity('sms_message')
@Index('ix_sms_due', ['status', 'sendAfter'])
@Index('ix_sms_campaign', ['campaignId'])
@Index('ix_sms_provider_ref', ['providerRef'])
@Index('ix_sms_phone', ['phone', 'status'])
export class SmsMessage {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  @RefColumn({ nullable: true }) campaignId: string | null;
  @StrColumn(20) phone: string;
  @StrColumn(600) text: string;
  /** MARKETING (campaigns, automations: consent, quiet hours) or NOTICE (service: the tier warning). */
  @StrColumn(10, { default: 'MARKETING' }) kind: 'MARKETING' | 'NOTICE';
  @StrColumn(10) status: 'QUEUED' | 'SENDING' | 'SENT' | 'DELIVERED' | 'FAILED';
  @IntColumn({ default: 0 }) attempts: number;
  @DateTimeColumn() sendAfter: Date;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn({ nullable: true }) sentAt: Date | null;
  @StrColumn(64, { nullable: true }) providerRef: string | null;
  @StrColumn(200, { nullable: true }) error: string | null;
}

/** The members of an uploaded phone list (numbers that are not members are only counted). */
@Entity('campaign_list_member')
export class CampaignListMember {
  @PrimaryColumn({ type: 'varchar', length: 36 }) campaignId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) memberId: string;
}
