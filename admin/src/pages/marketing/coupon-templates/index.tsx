import { useState } from 'react';
import dayjs from 'dayjs';
import { App, Button, Card, Drawer, Form, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { TEMPLATE_STATUS_LABELS, type TemplateStatus } from '@tableside/shared';
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
        : // A new template starts as a draft: nothing is issued until it is published.
          ok(api.POST('/api/coupon-templates', { body: { ...input, status: 'DRAFT' } })),
    onSuccess: (t) => {
      void qc.invalidateQueries({ queryKey: ['coupon-templates'] });
      setEditing(null);
      void message.success(
        t.status === 'DRAFT' ? `已保存草稿「${t.name}」：确认无误后点「发布」` : `已保存「${t.name}」`,
      );
    },
  });
  const lifecycle = useMutation({
    mutationFn: ({ id, to }: { id: string; to: 'publish' | 'pause' | 'archive' }) =>
      to === 'publish'
        ? ok(api.POST('/api/coupon-templates/{id}/publish', { params: { path: { id } } }))
        : to === 'pause'
          ? ok(api.POST('/api/coupon-templates/{id}/pause', { params: { path: { id } } }))
          : ok(api.POST('/api/coupon-templates/{id}/archive', { params: { path: { id } } })),
    onSuccess: (t) => {
      void qc.invalidateQueries({ queryKey: ['coupon-templates'] });
      void message.success(
        {
          PUBLISHED: `「${t.name}」已发布，顾客可以领取了`,
          PAUSED: `「${t.name}」已暂停发放，已领的券照常可用`,
          ARCHIVED: `「${t.name}」已归档，已领的券在有效期内照常可用`,
          DRAFT: '',
        }[t.status ?? 'PUBLISHED'],
      );
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
                  <Typography.Text strong>
                    {n}
                    {t.flashStartAt ? (
                      <Tag color="volcano" style={{ marginLeft: 8 }}>
                        秒杀 {dayjs(t.flashStartAt).format('M月D日 HH:mm')} 开抢
                      </Tag>
                    ) : null}
                  </Typography.Text>
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
              dataIndex: 'status',
              render: (st: TemplateStatus) => (
                <Tag
                  color={{ DRAFT: 'gold', PUBLISHED: 'green', PAUSED: 'default', ARCHIVED: 'default' }[st]}
                >
                  {TEMPLATE_STATUS_LABELS[st] ?? st}
                </Tag>
              ),
            },
            {
              title: '',
              key: 'op',
              render: (_, t) => (
                <Space size={0} wrap>
                  <Button type="link" onClick={() => setEditing(t)}>
                    编辑
                  </Button>
                  {t.status !== 'PUBLISHED' && t.status !== 'ARCHIVED' && (
                    <Popconfirm
                      title={`发布「${t.name}」？`}
                      description="发布后即可领取和发放，请确认券面和规则无误。"
                      okText="发布"
                      cancelText="取消"
                      onConfirm={() => lifecycle.mutate({ id: t.id, to: 'publish' })}
                    >
                      <Button type="link">发布</Button>
                    </Popconfirm>
                  )}
                  {t.status === 'PUBLISHED' && (
                    <Button type="link" onClick={() => lifecycle.mutate({ id: t.id, to: 'pause' })}>
                      暂停
                    </Button>
                  )}
                  {t.status !== 'ARCHIVED' && t.status !== 'DRAFT' && (
                    <Popconfirm
                      title={`归档「${t.name}」？`}
                      description="归档后不再发放，也不在列表中显示；已领的券在有效期内照常可用。"
                      okText="归档"
                      cancelText="取消"
                      onConfirm={() => lifecycle.mutate({ id: t.id, to: 'archive' })}
                    >
                      <Button type="link" danger>
                        归档
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
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
