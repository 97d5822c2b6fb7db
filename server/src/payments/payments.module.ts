import { Module } from '@nestjs/common';
import { CheckoutModule } from '../checkout/checkout.module';
import { CouponsModule } from '../coupons/coupons.module';
import { WalletModule } from '../wallet/wallet.module';
import {
  AdminPaymentsController,
  MemberPaymentsController,
  WechatPayNotifyController,
} from './payments.controller';
import { PaymentsViewsService } from './payments-views.service';
import { PaymentsService } from './payments.service';

@Module({
  imports: [CheckoutModule, CouponsModule, WalletModule],
  controllers: [MemberPaymentsController, WechatPayNotifyController, AdminPaymentsController],
  providers: [PaymentsService, PaymentsViewsService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
