import { PlaceholderPage } from '../../../components/placeholder-page';

export function AuditLogPage() {
  return (
    <PlaceholderPage
      page="auditLog"
      description="这里将记录发券、核销、积分调整、权限变更等关键操作，可按人员、门店和时间检索。"
    />
  );
}
