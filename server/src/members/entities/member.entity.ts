import { Entity, Index } from 'typeorm';
import type { Gender, JoinChannel } from '@tableside/shared';
import {
  BoolColumn,
  DateTimeColumn,
  FenColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  RefColumn,
  StrColumn,
} from '../../database/columns';

@Entity('member')
// Covering the dashboard's counts (members, new in a range, per tier; per store for managers):
// index-only scans, never the member rows.
@Index('ix_member_tier', ['tierId', 'createdAt', 'deletedAt'])
@Index('ix_member_join_store', ['joinStoreId', 'tierId', 'createdAt', 'deletedAt'])
@Index('ix_member_created', ['createdAt', 'deletedAt'])
export class Member {
  @IdColumn() id: string;
  /** Short public number embedded in the rotating member code (random, unique). */
  @Index('uq_member_no', { unique: true })
  @IntColumn()
  memberNo: number;
  @Index('uq_member_openid', { unique: true })
  @StrColumn(64, { nullable: true })
  openid: string | null;
  @StrColumn(64, { nullable: true }) unionid: string | null;
  @Index('uq_member_phone', { unique: true })
  @StrColumn(20, { nullable: true })
  phone: string | null;
  /** Id in the chain's previous system (imports). */
  @Index('uq_member_external_id', { unique: true })
  @StrColumn(64, { nullable: true })
  externalId: string | null;
  @StrColumn(64, { nullable: true }) name: string | null;
  @StrColumn(1, { default: 'U' }) gender: Gender;
  /** Local date YYYY-MM-DD. */
  @StrColumn(10, { nullable: true }) birthday: string | null;
  @RefColumn({ nullable: true }) joinStoreId: string | null;
  @StrColumn(16) joinChannel: JoinChannel;
  @RefColumn() tierId: string;
  /** Growth fell below the tier: moved down at this time unless it recovers (warned when set). */
  @DateTimeColumn({ nullable: true }) tierDowngradeAt: Date | null;
  @IntColumn({ default: 0 }) pointsBalance: number;
  /** Stored value: principal (paid money, refundable) and bonus (gifted) tracked apart. */
  @FenColumn() balancePrincipalFen: number;
  @FenColumn() balanceBonusFen: number;
  @BoolColumn(false) consentSms: boolean;
  @BoolColumn(false) consentWechat: boolean;
  @DateTimeColumn({ nullable: true }) consentUpdatedAt: Date | null;
  @StrColumn(16, { nullable: true }) consentChannel: string | null;
  @JsonColumn({ nullable: false }) tags: string[];
  /** Per-member secret for the rotating (TOTP-style) member code; hex. */
  @StrColumn(64) codeSecret: string;
  /** Set when the member deleted the account: personal fields are anonymised, ledgers kept. */
  @DateTimeColumn({ nullable: true }) deletedAt: Date | null;
  /** Bumped by logout and account deletion: older member tokens stop working. */
  @IntColumn({ default: 0 }) tokenVersion: number;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn() updatedAt: Date;
}
