import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { useTemplates } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { FormModal } from '../../../components/form-modal';
import { useDocumentTitle } from '../../../components/use-document-title';
import { yuan } from '../../../lib-format';

type Package = Schemas['TopupPackageDto'];
type Pack = Schemas['CouponPackDto'];

/** Money as typed: whole yuan or up to two decimals — anything else is refused, never rounded. */
export const MONEY = /^(0|[1-9]\d{0,6})(\.\d{1,2})?$/;
export const toFen = (text: string) => Math.round(Number(text) * 100);

interface PackageForm {
  name: string;
  principalYuan: number;
  bonusYuan: number;
  active: boolean;
}

interface PackForm {
  name: string;
  description?: string;
  price: string;
  value: string;
  items: { templateId: string; count: number }[];
  stock?: number | null;
  perMemberLimit?: number | null;
  refundExpired: boolean;
  active: boolean;
}

/** 储值与券包: top-up packages (充500送50) and coupon packs sold in the mini-program. */
export function StoredValuePage() {
  useDocumentTitle('储值与券包');
  const staff = useStaff();
  const canEditPackages = staff.role === 'HQ_ADMIN';
  const qc = useQueryClient();
  const { message } = App.useApp();
  const packages = useQuery({
    queryKey: ['topup-packages'],
    queryFn: () => ok(api.GET('/api/admin/topup-packages')),
  });
  const packs = useQuery({
    queryKey: ['coupon-packs'],
    queryFn: () => ok(api.GET('/api/admin/coupon-packs')),
  });
  const templates = useTemplates();
  const purchasable = (templates.data ?? []).filter((t) => t.channels?.includes('PURCHASE'));
  const [editingPackage, setEditingPackage] = useState<Package | 'new' | null>(null);
  const [editingPack, setEditingPack] = useState<Pack | 'new' | null>(null);
  const [packageForm] = Form.useForm<PackageForm>();
  const [packForm] = Form.useForm<PackForm>();

  const savePackage = useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: Schemas['TopupPackageInputDto'] }) =>
      id
        ? ok(api.PUT('/api/admin/topup-packages/{id}', { params: { path: { id } }, body }))
        : ok(api.POST('/api/admin/topup-packages', { body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['topup-packages'] });
      setEditingPackage(null);
      void message.success('充值套餐已保存，小程序立即生效');
    },
    onError: (e: Error) => void message.error(e.message),
  });
  const savePack = useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: Schemas['CouponPackInputDto'] }) =>
      id
        ? ok(api.PUT('/api/admin/coupon-packs/{id}', { params: { path: { id } }, body }))
        : ok(api.POST('/api/admin/coupon-packs', { body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['coupon-packs'] });
      setEditingPack(null);
      void message.success('券包已保存');
    },
    onError: (e: Error) => void message.error(e.message),
  });

  const openPackage = (p: Package | 'new') => {
    setEditingPackage(p);
    packageForm.setFieldsValue(
      p === 'new'
        ? { name: '', principalYuan: undefined, bonusYuan: 0, active: true }
        : {
            name: p.name,
            principalYuan: p.principalFen / 100,
            bonusYuan: p.bonusFen / 100,
            active: p.active,
          },
    );
  };
  const openPack = (p: Pack | 'new') => {
    setEditingPack(p);
    packForm.setFieldsValue(
      p === 'new'
        ? {
            name: '',
            price: '',
            value: '',
            items: [{ templateId: '', count: 1 }],
            refundExpired: true,
            active: true,
          }
        : {
            name: p.name,
            description: p.description ?? undefined,
            price: (p.priceFen / 100).toString(),
            value: (p.valueFen / 100).toString(),
            items: p.items.map((i) => ({ templateId: i.templateId, count: i.count })),
            stock: p.stock,
            perMemberLimit: p.perMemberLimit,
            refundExpired: p.refundExpired,
            active: p.active,
          },
    );
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        储值与券包
      </Typography.Title>
      <Card
        title="储值充值套餐"
        extra={
          canEditPackages ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openPackage('new')}>
              新建套餐
            </Button>
          ) : (
            <Typography.Text type="secondary">仅总部管理员可修改</Typography.Text>
          )
        }
      >
        <Typography.Paragraph type="secondary">
          会员在小程序用微信支付充值，本金与赠送金额在微信支付确认到账后一次入账；退款只退未消费的本金，赠送按比例收回。
        </Typography.Paragraph>
        <Table<Package>
          rowKey="id"
          loading={packages.isLoading}
          dataSource={packages.data ?? []}
          pagination={false}
          locale={{ emptyText: '还没有充值套餐，新建一个（如 充500送50）后会员即可在小程序充值' }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '充值金额', render: (_, p) => yuan(p.principalFen) },
            { title: '赠送', render: (_, p) => (p.bonusFen ? yuan(p.bonusFen) : '—') },
            {
              title: '赠送比例',
              render: (_, p) => `${((p.bonusFen / p.principalFen) * 100).toFixed(1).replace(/\.0$/, '')}%`,
            },
            {
              title: '状态',
              render: (_, p) => (p.active ? <Tag color="green">上架中</Tag> : <Tag>已下架</Tag>),
            },
            ...(canEditPackages
              ? [
                  {
                    title: '操作',
                    render: (_: unknown, p: Package) => (
                      <Button type="link" onClick={() => openPackage(p)}>
                        编辑
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        title="付费券包（团购 / 代金券）"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openPack('new')}>
            新建券包
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">
          会员在小程序购买，券在微信支付确认后发放；支付期间占用库存，超时未付自动释放；未使用的券包可申请退款。
        </Typography.Paragraph>
        <Table<Pack>
          rowKey="id"
          loading={packs.isLoading}
          dataSource={packs.data ?? []}
          pagination={false}
          locale={{ emptyText: '还没有券包。先在优惠券模板里勾选“付费购买”渠道，再来这里打包售卖' }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            {
              title: '售价 / 价值',
              render: (_, p) => (
                <span>
                  {yuan(p.priceFen)}{' '}
                  <Typography.Text delete type="secondary">
                    {yuan(p.valueFen)}
                  </Typography.Text>
                </span>
              ),
            },
            { title: '内容', render: (_, p) => p.items.map((i) => `${i.name} × ${i.count}`).join('，') },
            {
              title: '已售 / 库存',
              render: (_, p) => `${p.soldCount} / ${p.stock === null ? '不限' : p.stock}`,
            },
            { title: '限购', render: (_, p) => (p.perMemberLimit ? `每人 ${p.perMemberLimit} 份` : '不限') },
            { title: '过期退', render: (_, p) => (p.refundExpired ? '可退' : '不退') },
            {
              title: '状态',
              render: (_, p) => (p.active ? <Tag color="green">在售</Tag> : <Tag>已下架</Tag>),
            },
            {
              title: '操作',
              render: (_, p) => (
                <Button type="link" onClick={() => openPack(p)}>
                  编辑
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <FormModal
        open={editingPackage !== null}
        title={editingPackage === 'new' ? '新建充值套餐' : '编辑充值套餐'}
        onCancel={() => setEditingPackage(null)}
        onSave={() => packageForm.submit()}
        saving={savePackage.isPending}
      >
        <Form<PackageForm>
          form={packageForm}
          layout="vertical"
          onFinish={(v) =>
            savePackage.mutate({
              id: editingPackage && editingPackage !== 'new' ? editingPackage.id : null,
              body: {
                name: v.name,
                principalFen: v.principalYuan * 100,
                bonusFen: v.bonusYuan * 100,
                active: v.active,
              },
            })
          }
        >
          <Form.Item
            name="name"
            label="名称"
            rules={[{ required: true, max: 40, message: '请填写名称（最多 40 字）' }]}
          >
            <Input placeholder="如：充500送50" />
          </Form.Item>
          <Form.Item
            name="principalYuan"
            label="充值金额（元）"
            rules={[
              { required: true, message: '请填写充值金额' },
              { type: 'integer', min: 1, max: 50_000, message: '充值金额为 1–50,000 元的整数' },
            ]}
          >
            <InputNumber addonAfter="元" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="bonusYuan"
            label="赠送金额（元）"
            dependencies={['principalYuan']}
            rules={[
              { required: true, message: '请填写赠送金额（不送填 0）' },
              { type: 'integer', min: 0, max: 50_000, message: '赠送金额为 0–50,000 元的整数' },
              ({ getFieldValue }) => ({
                validator: (_, v: number) =>
                  v > getFieldValue('principalYuan')
                    ? Promise.reject(new Error('赠送金额不能超过充值金额'))
                    : Promise.resolve(),
              }),
            ]}
          >
            <InputNumber addonAfter="元" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="active" label="上架" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </FormModal>

      <FormModal
        open={editingPack !== null}
        title={editingPack === 'new' ? '新建券包' : '编辑券包'}
        onCancel={() => setEditingPack(null)}
        onSave={() => packForm.submit()}
        saving={savePack.isPending}
      >
        <Form<PackForm>
          form={packForm}
          layout="vertical"
          onFinish={(v) =>
            savePack.mutate({
              id: editingPack && editingPack !== 'new' ? editingPack.id : null,
              body: {
                name: v.name,
                ...(v.description ? { description: v.description } : {}),
                priceFen: toFen(v.price),
                valueFen: toFen(v.value),
                items: v.items,
                stock: v.stock ?? null,
                perMemberLimit: v.perMemberLimit ?? null,
                refundExpired: v.refundExpired,
                active: v.active,
              },
            })
          }
        >
          <Form.Item
            name="name"
            label="名称"
            rules={[{ required: true, max: 40, message: '请填写名称（最多 40 字）' }]}
          >
            <Input placeholder="如：100元代金券 · 88元抢" />
          </Form.Item>
          <Form.Item name="description" label="说明" rules={[{ max: 200, message: '最多 200 字' }]}>
            <Input placeholder="如：全场通用，有效期 90 天" />
          </Form.Item>
          <Space>
            <Form.Item
              name="price"
              label="售价（元）"
              rules={[
                { required: true, message: '请填写售价' },
                { pattern: MONEY, message: '金额最多两位小数，例如 88 或 88.80' },
                {
                  validator: (_, v: string) =>
                    v && MONEY.test(v) && (toFen(v) < 1 || toFen(v) > 5_000_000)
                      ? Promise.reject(new Error('售价为 0.01–50,000 元'))
                      : Promise.resolve(),
                },
              ]}
            >
              <Input addonBefore="¥" style={{ width: 180 }} />
            </Form.Item>
            <Form.Item
              name="value"
              label="价值（元，划线价）"
              rules={[
                { required: true, message: '请填写价值' },
                { pattern: MONEY, message: '金额最多两位小数，例如 100 或 99.90' },
              ]}
            >
              <Input addonBefore="¥" style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <Form.Item label="包含的券" required>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item
                      name={[f.name, 'templateId']}
                      rules={[{ required: true, message: '请选择券' }]}
                    >
                      <Select
                        style={{ width: 260 }}
                        placeholder="选择开启了“付费购买”的券"
                        options={purchasable.map((t) => ({ value: t.id, label: t.name }))}
                        notFoundContent="没有开启“付费购买”渠道的券模板"
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'count']}
                      rules={[{ required: true, type: 'integer', min: 1, max: 20, message: '1–20 张' }]}
                    >
                      <InputNumber addonAfter="张" style={{ width: 110 }} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除" />
                    )}
                  </Space>
                ))}
                {fields.length < 10 && (
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ templateId: undefined, count: 1 })}
                  >
                    添加券
                  </Button>
                )}
              </Form.Item>
            )}
          </Form.List>
          <Space>
            <Form.Item
              name="stock"
              label="库存（份，留空不限）"
              rules={[{ type: 'integer', min: 1, max: 1_000_000, message: '库存为 1–1,000,000 的整数' }]}
            >
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              name="perMemberLimit"
              label="每人限购（留空不限）"
              rules={[{ type: 'integer', min: 1, max: 100, message: '限购为 1–100 的整数' }]}
            >
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item name="refundExpired" valuePropName="checked">
            <Checkbox>过期未使用也可退款（随时退、过期退）</Checkbox>
          </Form.Item>
          <Form.Item name="active" label="在售" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </FormModal>
    </Space>
  );
}
