import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Progress, Radio, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { getToken } from '../../../auth/token-storage';
import { api, ok, type Schemas } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';

type Job = Schemas['ImportJobDto'];
const CHUNK_CHARS = 256 * 1024;

const FORMATS = {
  members: 'phone,name,gender,birthday,tier,points,balance_fen,joined_at,external_id',
  visits: 'member_ref,occurred_at,amount_fen,store_code,party_size,order_ref',
};

/** Upload progress 0–30%, server processing 30–100%. */
export function importPercent(job: Job | null, uploadedFraction: number): number {
  if (!job) return 0;
  if (job.status === 'UPLOADING') return Math.round(uploadedFraction * 30);
  if (job.status === 'DONE') return 100;
  return 30 + Math.round((job.total ? job.processed / job.total : 0) * 70);
}

export function ImportListPage() {
  useDocumentTitle('数据导入');
  const { message } = App.useApp();
  const [kind, setKind] = useState<'members' | 'visits'>('members');
  const [createMembers, setCreateMembers] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [uploaded, setUploaded] = useState(0);

  useEffect(() => {
    if (!job || (job.status !== 'RUNNING' && job.status !== 'UPLOADING')) return;
    if (job.status === 'UPLOADING') return;
    const t = setTimeout(() => {
      ok(api.GET('/api/admin/imports/{id}', { params: { path: { id: job.id } } })).then(
        setJob,
        () => undefined,
      );
    }, 500);
    return () => clearTimeout(t);
  }, [job]);

  async function start(file: File) {
    const text = await file.text();
    if (!text.trim()) return void message.error('文件是空的');
    setUploaded(0);
    let j = await ok(api.POST('/api/admin/imports', { body: { kind, createMembers, fileName: file.name } }));
    setJob(j);
    for (let i = 0; i < text.length; i += CHUNK_CHARS) {
      const last = i + CHUNK_CHARS >= text.length;
      j = await ok(
        api.POST('/api/admin/imports/{id}/chunks', {
          params: { path: { id: j.id } },
          body: { text: text.slice(i, i + CHUNK_CHARS), last },
        }),
      );
      setUploaded(Math.min(1, (i + CHUNK_CHARS) / text.length));
      setJob(j);
    }
  }

  async function downloadErrors() {
    if (!job) return;
    const res = await fetch(`/api/admin/imports/${job.id}/errors.csv`, {
      headers: { Authorization: `Bearer ${getToken()}` },
    });
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `导入失败行-${job.fileName ?? 'report'}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  }

  const busy = job?.status === 'UPLOADING' || job?.status === 'RUNNING';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        数据导入
      </Typography.Title>
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            disabled={busy}
            optionType="button"
            options={[
              { value: 'members', label: '会员' },
              { value: 'visits', label: '消费记录' },
            ]}
          />
          <Alert
            type="info"
            showIcon
            title="CSV 格式（UTF-8，第一行为表头）"
            description={
              <Typography.Text code copyable>
                {FORMATS[kind]}
              </Typography.Text>
            }
          />
          {kind === 'visits' && (
            <Checkbox checked={createMembers} onChange={(e) => setCreateMembers(e.target.checked)}>
              消费记录里的会员不存在时自动创建
            </Checkbox>
          )}
          <Upload.Dragger
            accept=".csv,text/csv"
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void start(file).catch((e: Error) => message.error(e.message));
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖入 CSV 文件开始导入</p>
            <p className="ant-upload-hint">
              同一个文件重复导入不会产生重复数据；格式错误的行会跳过并列出原因
            </p>
          </Upload.Dragger>
        </Space>
      </Card>
      {job && (
        <Card title={`导入进度：${job.fileName ?? ''}`} data-testid="import-progress">
          <Progress
            percent={importPercent(job, uploaded)}
            status={job.status === 'FAILED' ? 'exception' : job.status === 'DONE' ? 'success' : 'active'}
          />
          <Typography.Paragraph>
            {job.status === 'UPLOADING' && '正在上传…'}
            {job.status === 'RUNNING' && `正在导入：已处理 ${job.processed} / ${job.total} 行`}
            {job.status === 'DONE' &&
              `完成：共 ${job.total} 行，导入 ${job.imported}，已存在跳过 ${job.skipped}，有问题 ${job.errors.length} 行`}
            {job.status === 'FAILED' &&
              (job.imported > 0 ? `导入中断：${job.failure}` : `没有导入任何数据：${job.failure}`)}
          </Typography.Paragraph>
          {job.errors.length > 0 && (
            <>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => void downloadErrors()}
                style={{ marginBottom: 12 }}
              >
                下载问题行报告
              </Button>
              <Table
                rowKey="line"
                size="small"
                dataSource={job.errors.slice(0, 200)}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: '行号', dataIndex: 'line', width: 80 },
                  { title: '原因', dataIndex: 'reason' },
                ]}
              />
            </>
          )}
        </Card>
      )}
    </Space>
  );
}
