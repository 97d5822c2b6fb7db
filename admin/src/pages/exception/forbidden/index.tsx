import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useStaff } from '../../../auth/auth-context';
import { homePathFor } from '../../../auth/permissions';
import { useDocumentTitle } from '../../../components/use-document-title';
import { STAFF_ROLE_LABELS } from '@tableside/shared';

export function ForbiddenPage() {
  const staff = useStaff();
  const navigate = useNavigate();
  useDocumentTitle('无权访问');
  return (
    <Result
      status="403"
      title="403"
      subTitle={`当前角色（${STAFF_ROLE_LABELS[staff.role]}）无权访问此页面，如需开通请联系总部管理员。`}
      extra={
        <Button type="primary" onClick={() => navigate(homePathFor(staff.role), { replace: true })}>
          返回首页
        </Button>
      }
    />
  );
}
