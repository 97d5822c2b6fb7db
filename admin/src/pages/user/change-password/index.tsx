import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth/auth-context';
import { useDocumentTitle } from '../../../components/use-document-title';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Changing the own password. `forced`: the account was created or reset with a one-time password,
 * and nothing else opens until it is changed (the server refuses every other call).
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  useDocumentTitle('修改密码');
  const { staff, changePassword, logout } = useAuth();
  const { token } = theme.useToken();
  const mutation = useMutation({
    mutationFn: (v: Values) => changePassword(v.currentPassword, v.newPassword),
  });

  return (
    <Flex
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}
    >
      <Card style={{ width: 440, maxWidth: '100%' }}>
        <Typography.Title level={4}>修改密码</Typography.Title>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${staff?.name ?? ''}，你正在使用管理员发给你的一次性密码`}
            description="请先设置自己的密码，再开始使用后台。"
          />
        )}
        {mutation.error && (
          <Alert type="error" showIcon title={mutation.error.message} style={{ marginBottom: 16 }} />
        )}
        {mutation.isSuccess && !forced && (
          <Alert
            type="success"
            showIcon
            title="密码已修改，其他设备上的登录已退出"
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<Values>
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => mutation.mutate(v)}
          disabled={mutation.isPending}
        >
          <Form.Item
            label="当前密码"
            name="currentPassword"
            rules={[{ required: true, message: '请输入当前密码' }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            extra="至少 10 位，不能与用户名相同"
            rules={[
              { required: true, message: '请输入新密码' },
              { min: 10, message: '新密码至少 10 位' },
              { max: 128, message: '新密码最多 128 位' },
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="再次输入新密码"
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_r, v) =>
                  !v || v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              保存新密码
            </Button>
            {forced && <Button onClick={logout}>退出登录</Button>}
          </Flex>
        </Form>
      </Card>
    </Flex>
  );
}
