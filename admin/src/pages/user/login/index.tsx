import { useMutation } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth/auth-context';
import type { LoginLocationState } from '../../../auth/guards';
import { canAccess, homePathFor, pageForPath } from '../../../auth/permissions';
import { useDocumentTitle } from '../../../components/use-document-title';
import type { StaffRole } from '@tableside/shared';

interface LoginFormValues {
  username: string;
  password: string;
}

/** Back to the page that sent the user here, if their role may open it; otherwise their home. */
function redirectTarget(role: StaffRole, from: string | undefined): string {
  const page = from ? pageForPath(from.split('?')[0] ?? '') : undefined;
  return from && page && canAccess(role, page) ? from : homePathFor(role);
}

export function LoginPage() {
  useDocumentTitle('登录');
  const { status, staff, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as LoginLocationState | null)?.from;
  const { token } = theme.useToken();

  const mutation = useMutation({
    mutationFn: ({ username, password }: LoginFormValues) => login(username.trim(), password),
    onSuccess: (signedIn) => navigate(redirectTarget(signedIn.role, from), { replace: true }),
  });

  if (status === 'authenticated' && staff && mutation.isIdle) {
    return <Navigate to={redirectTarget(staff.role, from)} replace />;
  }

  return (
    <Flex
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 16,
        background: `linear-gradient(160deg, ${token.colorPrimaryBg} 0%, ${token.colorBgLayout} 60%)`,
      }}
    >
      <Card style={{ width: 400, maxWidth: '100%', boxShadow: token.boxShadowSecondary }}>
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            Tableside 管理后台
          </Typography.Title>
          <Typography.Text type="secondary">餐饮连锁会员 · 积分 · 电子券</Typography.Text>
        </Flex>

        {mutation.error && (
          <Alert type="error" showIcon title={mutation.error.message} style={{ marginBottom: 16 }} />
        )}

        <Form<LoginFormValues>
          name="login"
          size="large"
          autoComplete="on"
          disabled={mutation.isPending}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input
              prefix={<UserOutlined />}
              placeholder="用户名"
              aria-label="用户名"
              autoComplete="username"
              autoFocus
            />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              prefix={<LockOutlined />}
              placeholder="密码"
              aria-label="密码"
              autoComplete="current-password"
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 12 }}>
            <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
              登录
            </Button>
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center' }}>
          演示账号见 README
        </Typography.Text>
      </Card>
    </Flex>
  );
}
