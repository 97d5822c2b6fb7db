import { PlaceholderPage } from '../../../components/placeholder-page';

export function StoreListPage() {
  return (
    <PlaceholderPage
      page="stores"
      description="这里将维护门店信息、营业时间与收银设备，并查看各门店的会员与核销数据。"
    />
  );
}
