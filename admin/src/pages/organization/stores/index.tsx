import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { useStores } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { FormModal } from '../../../components/form-modal';
import { useDocumentTitle } from '../../../components/use-document-title';

/** "1-20, A1, A2" → ['1', …, '20', 'A1', 'A2'] */
export function parseTableNos(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,，\s]+/).filter(Boolean)) {
    const m = /^(\d+)-(\d+)$/.exec(part);
    if (m) for (let i = Number(m[1]); i <= Number(m[2]) && out.length < 500; i++) out.push(String(i));
    else out.push(part);
  }
  return [...new Set(out)];
}

function Tables({ store }: { store: Schemas['StoreDto'] }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const tables = useQuery({
    queryKey: ['tables', store.id],
    queryFn: () => ok(api.GET('/api/admin/stores/{id}/tables', { params: { path: { id: store.id } } })),
  });
  const add = useMutation({
    mutationFn: (tableNos: string[]) =>
      ok(
        api.POST('/api/admin/stores/{id}/tables', { params: { path: { id: store.id } }, body: { tableNos } }),
      ),
    onSuccess: (rows) => {
      qc.setQueryData(['tables', store.id], rows);
      setText('');
      void message.success(`共 ${rows.length} 张桌台`);
    },
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {(tables.data ?? []).map((t) => (
          <Tag key={t.id}>{t.tableNo}</Tag>
        ))}
        {tables.data?.length === 0 && <Typography.Text type="secondary">还没有桌台</Typography.Text>}
      </Space>
      <Space.Compact style={{ maxWidth: 520 }}>
        <Input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="添加桌号，如 1-20, A1, A2"
          aria-label={`${store.name} 添加桌号`}
        />
        <Button
          loading={add.isPending}
          disabled={!text.trim()}
          onClick={() => add.mutate(parseTableNos(text))}
        >
          添加
        </Button>
        <Button icon={<QrcodeOutlined />} onClick={() => navigate(`/stores/${store.id}/qr`)}>
          打印桌码
        </Button>
      </Space.Compact>
    </Space>
  );
}

/** Rejected with a message next to the field — never clamped to a number the user did not type. */
const VOID_WINDOW_RULES = [
  { required: true, message: '请填写撤销时限' },
  { type: 'integer' as const, min: 0, max: 1440, message: '撤销时限为 0–1440 分钟（最多一天）' },
];

export function StoreListPage() {
  useDocumentTitle('门店');
  const staff = useStaff();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const stores = useStores();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Schemas['CreateStoreDto']>();
  const create = useMutation({
    mutationFn: (body: Schemas['CreateStoreDto']) => ok(api.POST('/api/stores', { body })),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['stores'] });
      setOpen(false);
      form.resetFields();
      void message.success(`已创建门店「${s.name}」`);
    },
  });
  type StoreRow = Schemas['StoreDto'];
  const [editing, setEditing] = useState<StoreRow | null>(null);
  const [editForm] = Form.useForm<Schemas['UpdateStoreDto']>();
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateStoreDto'] }) =>
      ok(api.PATCH('/api/stores/{id}', { params: { path: { id } }, body })),
    onSuccess: (s, v) => {
      void qc.invalidateQueries({ queryKey: ['stores'] });
      setEditing(null);
      void message.success(
        v.body.active === false
          ? `「${s.name}」已闭店：不再收银、扫码入会`
          : v.body.active === true
            ? `「${s.name}」已恢复营业`
            : `已保存「${s.name}」`,
      );
    },
  });
  const isAdmin = staff.role === 'HQ_ADMIN';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          门店
        </Typography.Title>
        {staff.role === 'HQ_ADMIN' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            新建门店
          </Button>
        )}
      </Space>
      <Card>
        <Table<Schemas['StoreDto']>
          rowKey="id"
          loading={stores.isLoading}
          dataSource={stores.data ?? []}
          pagination={false}
          expandable={{ expandedRowRender: (s) => <Tables store={s} />, expandRowByClick: true }}
          columns={[
            { title: '编码', dataIndex: 'code' },
            { title: '门店', dataIndex: 'name' },
            { title: '地址', dataIndex: 'address' },
            { title: '撤销时限', dataIndex: 'voidWindowMinutes', render: (m: number) => `${m} 分钟` },
            {
              title: '状态',
              dataIndex: 'active',
              render: (a: boolean) => (a ? <Tag color="green">营业中</Tag> : <Tag>已闭店</Tag>),
            },
            ...(isAdmin
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, s: StoreRow) => (
                      <Space size={4} onClick={(e) => e.stopPropagation()}>
                        <Button
                          size="small"
                          onClick={() => {
                            setEditing(s);
                            editForm.setFieldsValue({
                              name: s.name,
                              address: s.address ?? '',
                              voidWindowMinutes: s.voidWindowMinutes,
                            });
                          }}
                        >
                          编辑
                        </Button>
                        <Popconfirm
                          title={s.active ? `「${s.name}」闭店？` : `「${s.name}」恢复营业？`}
                          description={
                            s.active
                              ? '闭店后立即停止收银、扫码入会；历史数据保留，可随时恢复。'
                              : '恢复后可以正常收银和扫码入会。'
                          }
                          okText={s.active ? '闭店' : '恢复营业'}
                          cancelText="取消"
                          onConfirm={() => update.mutate({ id: s.id, body: { active: !s.active } })}
                        >
                          <Button size="small" danger={s.active}>
                            {s.active ? '闭店' : '恢复营业'}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal
        open={open}
        title="新建门店"
        okText="创建"
        cancelText="取消"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate(v)}
          initialValues={{ voidWindowMinutes: 30 }}
        >
          <Form.Item
            name="code"
            label="门店编码（印在桌码上，创建后不要改）"
            rules={[
              { required: true, pattern: /^[A-Za-z0-9_-]{2,32}$/, message: '2–32 位字母、数字、- 或 _' },
            ]}
          >
            <Input placeholder="SH006" />
          </Form.Item>
          <Form.Item name="name" label="门店名称" rules={[{ required: true, message: '请填写门店名称' }]}>
            <Input placeholder="如：静安寺店" />
          </Form.Item>
          <Form.Item name="address" label="地址">
            <Input />
          </Form.Item>
          <Form.Item name="voidWindowMinutes" label="收银撤销时限（分钟）" rules={VOID_WINDOW_RULES}>
            <InputNumber />
          </Form.Item>
        </Form>
      </Modal>
      <FormModal
        open={editing !== null}
        title={editing ? `编辑门店「${editing.name}」` : ''}
        onCancel={() => setEditing(null)}
        onSave={() => editForm.submit()}
        saving={update.isPending}
      >
        <Form
          form={editForm}
          layout="vertical"
          onFinish={(v) =>
            editing &&
            update.mutate({ id: editing.id, body: { ...v, address: v.address ? v.address : null } })
          }
        >
          <Form.Item
            name="name"
            label="门店名称"
            rules={[{ required: true, max: 64, message: '请填写门店名称（最多 64 字）' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="address" label="地址" rules={[{ max: 200, message: '地址最多 200 字' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="voidWindowMinutes" label="收银撤销时限（分钟）" rules={VOID_WINDOW_RULES}>
            <InputNumber />
          </Form.Item>
        </Form>
      </FormModal>
    </Space>
  );
}
