import { useState } from 'react';
import { Card, Input, Space, Table, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ok } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { dateTime } from '../../../lib-format';

export const ACTION_LABELS: Record<string, string> = {
  'member.export': '导出会员',
  'member.points.adjust': '调整积分',
  'member.tag.add': '添加标签',
  'member.tag.remove': '移除标签',
  'coupon.issue': '发券',
  'coupon_template.create': '新建券模板',
  'coupon_template.update': '修改券模板',
  'store.create': '新建门店',
  'store.tables.add': '添加桌台',
  'staff.create': '添加员工',
  'tier.update': '修改等级',
  'settings.update': '修改积分规则',
  'checkout.commit': '收银核销',
  'checkout.void': '撤销核销',
  'import.members': '导入会员',
  'import.visits': '导入消费记录',
};

export function AuditLogPage() {
  useDocumentTitle('操作日志');
  const [action, setAction] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = { ...page, ...(action ? { action } : {}) };
  const log = useQuery({
    queryKey: ['audit', query],
    queryFn: () => ok(api.GET('/api/admin/audit', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        操作日志
      </Typography.Title>
      <Card
        extra={
          <Input.Search
            allowClear
            placeholder="按操作筛选，如 member"
            onSearch={(v) => {
              setAction(v || undefined);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            style={{ width: 260 }}
          />
        }
      >
        <Table
          rowKey="id"
          loading={log.isFetching}
          dataSource={log.data?.items ?? []}
          locale={{ emptyText: '暂无操作记录' }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: log.data?.total ?? 0,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', render: dateTime, width: 170 },
            { title: '员工', dataIndex: 'staffName', width: 120, render: (n: string | null) => n ?? '系统' },
            { title: '操作', dataIndex: 'action', width: 140, render: (a: string) => ACTION_LABELS[a] ?? a },
            {
              title: '对象',
              dataIndex: 'targetId',
              width: 120,
              render: (t: string | null, r) => (t ? `${r.targetType ?? ''} ${t.slice(0, 8)}` : '—'),
            },
            {
              title: '详情',
              dataIndex: 'detail',
              render: (d: unknown) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d ? JSON.stringify(d) : ''}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
