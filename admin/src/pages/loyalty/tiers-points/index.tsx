import { PlaceholderPage } from '../../../components/placeholder-page';

export function TiersPointsPage() {
  return (
    <PlaceholderPage
      page="tiersPoints"
      description="这里将配置会员等级的升降级规则、消费得积分比例、积分有效期与积分兑换商品。"
    />
  );
}
