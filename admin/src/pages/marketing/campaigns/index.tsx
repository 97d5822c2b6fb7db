import { PlaceholderPage } from '../../../components/placeholder-page';

export function CampaignListPage() {
  return (
    <PlaceholderPage
      page="campaigns"
      description="这里将创建并跟踪营销活动：选择目标人群、定时发券或赠送积分，并查看领取与核销效果。"
    />
  );
}
