import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { getToken } from '../../../auth/token-storage';
import { useDocumentTitle } from '../../../components/use-document-title';
import { useStores, useTiers } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { date, JOIN_CHANNEL_LABELS, yuan } from '../../../lib-format';
import { FilterPanel, type MemberFilter } from './components/filter-panel';

type Row = Schemas['MemberRowDto'];
type Sort = 'createdAt' | 'visits' | 'spend' | 'lastVisit' | 'points' | 'balance';
const SORT_FIELDS: Record<string, Sort> = {
  visits: 'visits',
  spendFen: 'spend',
  lastVisitAt: 'lastVisit',
  pointsBalance: 'points',
  balanceFen: 'balance',
  createdAt: 'createdAt',
};

export function MemberListPage() {
  useDocumentTitle('会员');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const staff = useStaff();
  const stores = useStores();
  const tiers = useTiers();
  const [filter, setFilter] = useState<MemberFilter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [sort, setSort] = useState<{ sort: Sort; order: 'asc' | 'desc' }>({
    sort: 'createdAt',
    order: 'desc',
  });
  const [exporting, setExporting] = useState(false);
  // A saved segment opened from 客群 (…/members?segmentId=…): the list and the export take it.
  const [params] = useSearchParams();
  const segmentId = params.get('segmentId') ?? undefined;
  const segments = useQuery({
    queryKey: ['segments'],
    enabled: !!segmentId,
    queryFn: () => ok(api.GET('/api/admin/segments')),
  });
  const segmentName = segments.data?.find((s) => s.id === segmentId)?.name;
  // An ad-hoc segment filter (…/members?filter=…&label=…), e.g. a cell clicked on the dashboard.
  const adhoc = params.get('filter') ?? undefined;
  const adhocLabel = params.get('label') ?? '自定义条件';
  const scope = { ...(segmentId ? { segmentId } : {}), ...(adhoc ? { filter: adhoc } : {}) };
  const query = { ...filter, ...page, ...sort, ...scope };
  const list = useQuery({
    queryKey: ['members', query],
    queryFn: () => ok(api.GET('/api/admin/members', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  async function exportCsv(fullPhones = false) {
    setExporting(true);
    try {
      const qs = new URLSearchParams(
        Object.entries({ ...filter, ...sort, ...scope, ...(fullPhones ? { fullPhones: 'true' } : {}) }).map(
          ([k, v]) => [k, String(v)],
        ),
      );
      const res = await fetch(`/api/admin/members/export?${qs}`, {
        headers: { Authorization: `Bearer ${getToken()}` },
      });
      if (!res.ok) throw new Error((await res.json().catch(() => ({}))).message ?? '导出失败');
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `会员导出-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      URL.revokeObjectURL(url);
      void message.success(
        fullPhones
          ? '已导出含完整手机号的名单：请妥善保管，本次导出已单独记录到操作日志'
          : '已导出（手机号已打码，本次导出已记录到操作日志）',
      );
    } catch (e) {
      void message.error(e instanceof Error ? e.message : '导出失败');
    } finally {
      setExporting(false);
    }
  }

  const columns: TableProps<Row>['columns'] = [
    {
      title: '会员',
      dataIndex: 'name',
      render: (_, m) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{m.name ?? '未填写'}</Typography.Text>
          <Typography.Text type="secondary">{m.phone ?? '—'}</Typography.Text>
        </Space>
      ),
    },
    { title: '等级', dataIndex: 'tierName', render: (v: string) => <Tag color="gold">{v}</Tag> },
    {
      title: '入会门店',
      dataIndex: 'joinStoreName',
      render: (v: string | null, m) => (
        <>
          {v ?? '—'}
          <br />
          <Typography.Text type="secondary">
            {JOIN_CHANNEL_LABELS[m.joinChannel] ?? m.joinChannel}
          </Typography.Text>
        </>
      ),
    },
    { title: '标签', dataIndex: 'tags', render: (tags: string[]) => tags.map((t) => <Tag key={t}>{t}</Tag>) },
    { title: '消费次数', dataIndex: 'visits', sorter: true, align: 'right' },
    { title: '累计消费', dataIndex: 'spendFen', sorter: true, align: 'right', render: yuan },
    { title: '最近消费', dataIndex: 'lastVisitAt', sorter: true, render: date },
    { title: '积分', dataIndex: 'pointsBalance', sorter: true, align: 'right' },
    { title: '储值余额', dataIndex: 'balanceFen', sorter: true, align: 'right', render: yuan },
    { title: '入会时间', dataIndex: 'createdAt', sorter: true, render: date },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        会员
      </Typography.Title>
      <Card>
        <FilterPanel
          tiers={tiers.data ?? []}
          stores={stores.data ?? []}
          onSearch={(f) => {
            setFilter(f);
            setPage((p) => ({ ...p, page: 1 }));
          }}
        />
      </Card>
      <Card
        title={
          <Space>
            <span data-testid="member-total">共 {list.data?.total ?? '…'} 位会员</span>
            {segmentId && (
              <Tag closable color="orange" onClose={() => navigate('/members')}>
                {`客群：${segmentName ?? '…'}`}
              </Tag>
            )}
            {adhoc && (
              <Tag closable color="orange" onClose={() => navigate('/members')} data-testid="adhoc-filter">
                {adhocLabel}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>
              导出 CSV
            </Button>
            {staff.role === 'HQ_ADMIN' && (
              <Popconfirm
                title="导出完整手机号？"
                description="名单将包含顾客的完整手机号，属于个人信息，请妥善保管；本次导出会单独记入操作日志。"
                okText="导出"
                cancelText="取消"
                onConfirm={() => void exportCsv(true)}
              >
                <Button loading={exporting}>导出（含完整手机号）</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: '没有符合条件的会员，试试放宽筛选条件' }}
          onRow={(m) => ({ onClick: () => navigate(`/members/${m.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 条`,
          }}
          onChange={(p, _f, s) => {
            setPage({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 });
            const one = Array.isArray(s) ? s[0] : s;
            if (one?.order && typeof one.field === 'string' && SORT_FIELDS[one.field])
              setSort({ sort: SORT_FIELDS[one.field], order: one.order === 'ascend' ? 'asc' : 'desc' });
            else setSort({ sort: 'createdAt', order: 'desc' });
          }}
          scroll={{ x: 1100 }}
        />
      </Card>
    </Space>
  );
}
