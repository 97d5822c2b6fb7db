import { CouponPack, PaymentOrder, PaymentRefund, TopupPackage } from '../payments/payment.entities';
import { ImportJob, ImportJobError, ImportJobPart } from '../admin-api/import-job.entity';
import { WechatMessage, WechatSubscription } from '../wechat/subscribe-port';
import { IntegrationToken, WechatCodeImage } from '../wechat/wechat-api';
import { Automation } from '../automations/automation.entity';
import { TierChange } from '../tiers/entities/tier-change.entity';
import { AuditLog } from '../audit/entities/audit-log.entity';
import { IdempotencyRecord } from '../idempotency/entities/idempotency-record.entity';
import { CouponClaimCounter } from '../coupons/entities/coupon-claim-counter.entity';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { Coupon } from '../coupons/entities/coupon.entity';
import {
  InsightCluster,
  InsightModel,
  InsightSummary,
  InsightXt,
  MemberInsight,
} from '../insights/entities/member-insight.entity';
import { Member } from '../members/entities/member.entity';
import { JobRun } from '../jobs/job-run.entity';
import {
  Campaign,
  CampaignDelivery,
  CampaignListMember,
  SmsMessage,
} from '../campaigns/entities/campaign.entity';
import { Segment } from '../segments/entities/segment.entity';
import { PointsEntry } from '../points/entities/points-entry.entity';
import { PosKey } from '../pos/entities/pos-key.entity';
import { PosNonce } from '../pos/entities/pos-nonce.entity';
import { ChainSettings } from '../settings/entities/chain-settings.entity';
import { Staff } from '../staff/entities/staff.entity';
import { StoreTable } from '../stores/entities/store-table.entity';
import { Store } from '../stores/entities/store.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { Visit } from '../visits/entities/visit.entity';
import { WalletEntry } from '../wallet/entities/wallet-entry.entity';

/** Every entity, in one list for the DataSource, the migration generator and the schema test. */
export const ENTITIES = [
  WechatMessage,
  WechatSubscription,
  IntegrationToken,
  WechatCodeImage,
  PaymentOrder,
  PaymentRefund,
  TopupPackage,
  CouponPack,
  ImportJob,
  ImportJobPart,
  ImportJobError,
  CampaignListMember,
  Automation,
  TierChange,
  Campaign,
  CampaignDelivery,
  SmsMessage,
  AuditLog,
  ChainSettings,
  Coupon,
  CouponClaimCounter,
  CouponTemplate,
  IdempotencyRecord,
  InsightModel,
  InsightCluster,
  InsightSummary,
  InsightXt,
  JobRun,
  Member,
  MemberInsight,
  PointsEntry,
  PosKey,
  PosNonce,
  Segment,
  Staff,
  Store,
  StoreTable,
  Tier,
  Visit,
  WalletEntry,
];
