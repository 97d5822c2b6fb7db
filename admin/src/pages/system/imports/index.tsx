import { PlaceholderPage } from '../../../components/placeholder-page';

export function ImportListPage() {
  return (
    <PlaceholderPage
      page="imports"
      description="这里将从 Excel/CSV 批量导入会员、积分与储值余额，逐行校验并标出出错的行号。"
    />
  );
}
