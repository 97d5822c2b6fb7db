import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from '../../../components/use-document-title';

export function NotFoundPage() {
  const navigate = useNavigate();
  useDocumentTitle('页面不存在');
  return (
    <Result
      status="404"
      title="404"
      subTitle="你访问的页面不存在，可能已被移动或删除。"
      extra={
        <Button type="primary" onClick={() => navigate('/', { replace: true })}>
          返回首页
        </Button>
      }
    />
  );
}
