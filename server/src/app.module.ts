import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin-api/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CheckoutModule } from './checkout/checkout.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CouponsModule } from './coupons/coupons.module';
import { DatabaseModule } from './database/database.module';
import { HealthController, Lifecycle } from './health/health.controller';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { ImportsModule } from './imports/imports.module';
import { InsightsModule } from './insights/insights.module';
import { AutomationsModule } from './automations/automations.module';
import { SmsModule } from './sms/sms.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { JobsModule } from './jobs/jobs.module';
import { SegmentsModule } from './segments/segments.module';
import { MemberAppModule } from './member-app/member-app.module';
import { MembersModule } from './members/members.module';
import { PointsModule } from './points/points.module';
import { PosModule } from './pos/pos.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SettingsModule } from './settings/settings.module';
import { StaffModule } from './staff/staff.module';
import { StoresModule } from './stores/stores.module';
import { TiersModule } from './tiers/tiers.module';
import { WalletModule } from './wallet/wallet.module';
import { WechatModule } from './wechat/wechat.module';
import { PaymentsModule } from './payments/payments.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RateLimitModule,
        IdempotencyModule,
        SettingsModule,
        AuditModule,
        WechatModule,
        AuthModule,
        StoresModule,
        StaffModule,
        TiersModule,
        MembersModule,
        PointsModule,
        WalletModule,
        CouponsModule,
        CheckoutModule,
        PosModule,
        ImportsModule,
        InsightsModule,
        SmsModule,
        CampaignsModule,
        AutomationsModule,
        JobsModule,
        SegmentsModule,
        MemberAppModule,
        PaymentsModule,
        AdminModule,
      ],
      controllers: [HealthController],
      providers: [Lifecycle],
    };
  }
}
