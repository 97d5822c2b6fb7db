import { PlaceholderPage } from '../../../components/placeholder-page';

export function StaffListPage() {
  return (
    <PlaceholderPage
      page="staff"
      description="这里将管理员工账号，分配角色与所属门店，并可停用账号或重置密码。"
    />
  );
}
