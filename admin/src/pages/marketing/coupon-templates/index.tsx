import { PlaceholderPage } from '../../../components/placeholder-page';

export function CouponTemplateListPage() {
  return (
    <PlaceholderPage
      page="couponTemplates"
      description="这里将管理代金券、折扣券和兑换券模板：面额与使用门槛、适用门店、有效期和叠加规则。"
    />
  );
}
