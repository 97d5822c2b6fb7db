import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { useStores } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { FormModal } from '../../../components/form-modal';
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
      void message.success(`已添加员工「${s.name}」：首次登录需修改初始密码`);
    },
  });
  type Row = Schemas['StaffProfileDto'];
  const [editing, setEditing] = useState<Row | null>(null);
  const [editForm] = Form.useForm<Schemas['UpdateStaffDto']>();
  const [oneTime, setOneTime] = useState<{ name: string; password: string } | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['staff'] });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateStaffDto'] }) =>
      ok(api.PATCH('/api/staff/{id}', { params: { path: { id } }, body })),
    onSuccess: (s) => {
      refresh();
      setEditing(null);
      void message.success(`已保存「${s.name}」`);
    },
  });
  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      active
        ? ok(api.POST('/api/staff/{id}/enable', { params: { path: { id } } }))
        : ok(api.POST('/api/staff/{id}/disable', { params: { path: { id } } })),
    onSuccess: (s) => {
      refresh();
      void message.success(s.active ? `已启用「${s.name}」` : `已停用「${s.name}」，其所有登录已退出`);
    },
  });
  const reset = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/staff/{id}/reset-password', { params: { path: { id } } })),
    onSuccess: (r) => {
      refresh();
      setOneTime({ name: r.staff.name, password: r.password });
    },
  });
  /** HQ admins manage everyone but themselves; a store manager manages their own cashiers. */
  const manageable = (r: Row) =>
    r.id !== me.id &&
    (me.role === 'HQ_ADMIN' || (r.role === 'CASHIER' && r.storeIds.every((id) => me.storeIds.includes(id))));
  // The stores this admin may assign: all for head office, their own for a store manager.
  const storeOptions = (stores.data ?? [])
    .filter((s) => me.storeIds.length === 0 || me.storeIds.includes(s.id))
    .map((s) => ({ value: s.id, label: s.name }));
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
            {
              title: '状态',
              key: 'status',
              render: (_: unknown, r: Row) =>
                !r.active ? (
                  <Tag color="default">已停用</Tag>
                ) : r.mustChangePassword ? (
                  <Tag color="orange">待修改初始密码</Tag>
                ) : (
                  <Tag color="green">正常</Tag>
                ),
            },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, r: Row) =>
                manageable(r) ? (
                  <Space size={4} wrap>
                    <Button
                      size="small"
                      onClick={() => {
                        setEditing(r);
                        editForm.setFieldsValue({ name: r.name, role: r.role, storeIds: r.storeIds });
                      }}
                    >
                      编辑
                    </Button>
                    <Popconfirm
                      title={r.active ? `停用「${r.name}」？` : `启用「${r.name}」？`}
                      description={
                        r.active ? '停用后立即退出其所有登录，且不能再登录。' : '启用后可用原密码登录。'
                      }
                      okText={r.active ? '停用' : '启用'}
                      cancelText="取消"
                      onConfirm={() => setActive.mutate({ id: r.id, active: !r.active })}
                    >
                      <Button size="small" danger={r.active}>
                        {r.active ? '停用' : '启用'}
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title={`重置「${r.name}」的密码？`}
                      description="将生成一次性密码，对方的所有登录会退出，下次登录须修改密码。"
                      okText="重置"
                      cancelText="取消"
                      onConfirm={() => reset.mutate(r.id)}
                    >
                      <Button size="small">重置密码</Button>
                    </Popconfirm>
                  </Space>
                ) : null,
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
            extra="员工首次登录时必须改成自己的密码"
            rules={[
              { required: true, message: '请填写初始密码' },
              { min: 10, message: '至少 10 位' },
              { max: 128, message: '最多 128 位' },
            ]}
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
              <Select mode="multiple" options={storeOptions} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <FormModal
        open={editing !== null}
        title={editing ? `编辑员工「${editing.name}」` : ''}
        onCancel={() => setEditing(null)}
        onSave={() => editForm.submit()}
        saving={update.isPending}
      >
        <Form
          form={editForm}
          layout="vertical"
          onFinish={(v) => editing && update.mutate({ id: editing.id, body: v })}
        >
          <Form.Item
            name="name"
            label="姓名"
            rules={[{ required: true, max: 64, message: '请填写姓名（最多 64 字）' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label="角色" extra="改变角色或门店会让该员工重新登录">
            <Select
              options={roles.map((r) => ({
                value: r,
                label: STAFF_ROLE_LABELS[r as keyof typeof STAFF_ROLE_LABELS],
              }))}
            />
          </Form.Item>
          <Form.Item name="storeIds" label="所属门店">
            <Select mode="multiple" options={storeOptions} />
          </Form.Item>
        </Form>
      </FormModal>
      <Modal
        open={oneTime !== null}
        title="一次性密码"
        okText="我已记下"
        cancelButtonProps={{ style: { display: 'none' } }}
        onOk={() => setOneTime(null)}
        onCancel={() => setOneTime(null)}
      >
        <Alert
          type="warning"
          showIcon
          title={`请把下面的密码当面交给「${oneTime?.name ?? ''}」`}
          description="它只显示这一次；对方登录后必须修改。"
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph copyable={{ text: oneTime?.password ?? '' }} code style={{ fontSize: 18 }}>
          {oneTime?.password}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}
