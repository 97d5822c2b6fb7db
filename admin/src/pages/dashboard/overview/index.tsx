import { PlaceholderPage } from '../../../components/placeholder-page';

export function DashboardOverviewPage() {
  return (
    <PlaceholderPage
      page="dashboard"
      description="这里将展示今日到店、新增会员、券核销与积分发放等关键指标，以及近 30 天的经营趋势。"
    />
  );
}
