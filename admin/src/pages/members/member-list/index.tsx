import { PlaceholderPage } from '../../../components/placeholder-page';

export function MemberListPage() {
  return (
    <PlaceholderPage
      page="members"
      description="这里将按手机号、等级、到店次数筛选会员，查看会员详情以及积分与储值流水。"
    />
  );
}
