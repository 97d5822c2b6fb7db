import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { useStores } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { STAFF_ROLE_LABELS } from '@tableside/shared';

const ROLE_HELP: Record<string, string> = {
  HQ_ADMIN: '总部管理员：全部功能与全部门店',
  MARKETER: '营销：会员、券、活动、导入，不能收银',
  STORE_MANAGER: '店长：本店会员、桌台、员工与收银',
  CASHIER: '收银员：只能使用本店收银台',
};

export function StaffListPage() {
  useDocumentTitle('员工与角色');
  const me = useStaff();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const stores = useStores();
  const staff = useQuery({ queryKey: ['staff'], queryFn: () => ok(api.GET('/api/staff')) });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Schemas['CreateStaffDto']>();
  const role = Form.useWatch('role', form);
  const create = useMutation({
    mutationFn: (body: Schemas['CreateStaffDto']) => ok(api.POST('/api/staff', { body })),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['staff'] });
      setOpen(false);
      form.resetFields();
      void message.success(`已添加员工「${s.name}」`);
    },
  });
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;
  const roles = me.role === 'HQ_ADMIN' ? Object.keys(ROLE_HELP) : ['CASHIER'];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          员工与角色
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          添加员工
        </Button>
      </Space>
      <Card>
        <Table
          rowKey="id"
          loading={staff.isLoading}
          dataSource={staff.data ?? []}
          pagination={false}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '账号', dataIndex: 'username' },
            {
              title: '角色',
              dataIndex: 'role',
              render: (r: keyof typeof STAFF_ROLE_LABELS) => (
                <Tag color="blue">{STAFF_ROLE_LABELS[r] ?? r}</Tag>
              ),
            },
            {
              title: '门店',
              dataIndex: 'storeIds',
              render: (ids: string[]) =>
                ids.length ? ids.map((id) => <Tag key={id}>{storeName(id)}</Tag>) : '全部门店',
            },
          ]}
        />
      </Card>
      <Card title="角色说明" size="small">
        {Object.entries(ROLE_HELP).map(([k, v]) => (
          <div key={k}>
            <Typography.Text>{v}</Typography.Text>
          </div>
        ))}
      </Card>
      <Modal
        open={open}
        title="添加员工"
        okText="添加"
        cancelText="取消"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate({ ...v, storeIds: v.storeIds ?? [] })}
          initialValues={{ role: roles[roles.length - 1], storeIds: me.storeIds.slice(0, 1) }}
        >
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="username"
            label="登录账号"
            rules={[
              { required: true, pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: '3–32 位字母、数字或 _ . -' },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="password"
            label="初始密码"
            rules={[{ required: true, min: 8, message: '至少 8 位' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label="角色" extra={role ? ROLE_HELP[role] : undefined}>
            <Select
              options={roles.map((r) => ({
                value: r,
                label: STAFF_ROLE_LABELS[r as keyof typeof STAFF_ROLE_LABELS],
              }))}
            />
          </Form.Item>
          {role !== 'HQ_ADMIN' && role !== 'MARKETER' && (
            <Form.Item
              name="storeIds"
              label="所属门店"
              rules={[{ required: true, type: 'array', min: 1, message: '门店员工至少要属于一家门店' }]}
            >
              <Select
                mode="multiple"
                options={(stores.data ?? [])
                  .filter((s) => me.storeIds.length === 0 || me.storeIds.includes(s.id))
                  .map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
