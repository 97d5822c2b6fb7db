import { useState } from 'react';
import { App, Button, Card, Drawer, Form, Progress, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDocumentTitle } from '../../../components/use-document-title';
import { useStores, useTemplates, useTiers } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { fromTemplate, TemplateForm, type TemplateFormValues } from './components/template-form';

type Template = Schemas['CouponTemplateDto'];

export function CouponTemplateListPage() {
  useDocumentTitle('优惠券模板');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const templates = useTemplates();
  const stores = useStores();
  const tiers = useTiers();
  const [form] = Form.useForm<TemplateFormValues>();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const save = useMutation({
    mutationFn: (input: Schemas['CouponTemplateInputDto']) =>
      editing && editing !== 'new'
        ? ok(api.PUT('/api/coupon-templates/{id}', { params: { path: { id: editing.id } }, body: input }))
        : ok(api.POST('/api/coupon-templates', { body: input })),
    onSuccess: (t) => {
      void qc.invalidateQueries({ queryKey: ['coupon-templates'] });
      setEditing(null);
      void message.success(`已保存「${t.name}」`);
    },
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          优惠券模板
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建券模板
        </Button>
      </Space>
      <Card>
        <Table<Template>
          rowKey="id"
          loading={templates.isLoading}
          dataSource={templates.data ?? []}
          locale={{ emptyText: '还没有券模板，点右上角「新建券模板」开始' }}
          pagination={{ pageSize: 20 }}
          columns={[
            {
              title: '券',
              dataIndex: 'name',
              render: (n: string, t) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{n}</Typography.Text>
                  <Typography.Text type="secondary">{t.summary}</Typography.Text>
                </Space>
              ),
            },
            {
              title: '类型',
              dataIndex: 'type',
              render: (v: string) => ({ CASH: '代金券', DISCOUNT: '折扣券', ITEM: '兑换券' })[v] ?? v,
            },
            {
              title: '渠道',
              dataIndex: 'channels',
              render: (c: string[] | null) =>
                (c ?? []).map((x) => (
                  <Tag key={x}>
                    {(
                      {
                        CLAIM_CENTER: '领券中心',
                        CAMPAIGN: '营销活动',
                        POINTS_EXCHANGE: '积分兑换',
                        PURCHASE: '付费购买',
                      } as Record<string, string>
                    )[x] ?? x}
                  </Tag>
                )),
            },
            {
              title: '已发 / 库存',
              key: 'stock',
              render: (_, t) =>
                t.stock ? (
                  <Space orientation="vertical" size={0} style={{ minWidth: 120 }}>
                    <span>{`${t.issuedCount} / ${t.stock}`}</span>
                    <Progress
                      percent={Math.round((t.issuedCount / t.stock) * 100)}
                      size="small"
                      showInfo={false}
                    />
                  </Space>
                ) : (
                  `${t.issuedCount} / 不限`
                ),
            },
            {
              title: '已用',
              dataIndex: 'usedCount',
              render: (u: number, t) =>
                `${u}（${t.issuedCount ? Math.round((u / t.issuedCount) * 100) : 0}%）`,
            },
            {
              title: '状态',
              dataIndex: 'active',
              render: (a: boolean) => (a ? <Tag color="green">发放中</Tag> : <Tag>已停用</Tag>),
            },
            {
              title: '',
              key: 'op',
              render: (_, t) => (
                <Button type="link" onClick={() => setEditing(t)}>
                  编辑
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={editing !== null}
        width={980}
        title={editing === 'new' ? '新建券模板' : '编辑券模板'}
        onClose={() => setEditing(null)}
        destroyOnHidden
        extra={
          <Space>
            <Button onClick={() => setEditing(null)}>取消</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
              保存
            </Button>
          </Space>
        }
      >
        {editing !== null && (
          <TemplateForm
            form={form}
            stores={stores.data ?? []}
            tiers={tiers.data ?? []}
            initial={editing === 'new' ? undefined : fromTemplate(editing)}
            onSubmit={(input) => save.mutate(input)}
          />
        )}
      </Drawer>
    </Space>
  );
}
