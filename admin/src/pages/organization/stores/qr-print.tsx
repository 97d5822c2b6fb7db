import { useParams } from 'react-router';
import { Alert, Button, Empty, Space, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useStores } from '../../../api/reference-data';
import { api, ok } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { qrSvg, tableEntryUrl } from './qr-svg';

/**
 * A printable sheet: one code per table, store name and table number under each (A4, 3 × 4). With
 * the mini-program configured these are WeChat mini-program codes (`wxacode.getUnlimited`, scene
 * s=<store>&t=<table>, fetched once and kept by the server); without it (the demo) plain QR codes
 * of the h5 link.
 */
export function TableQrPrintPage() {
  const { id = '' } = useParams();
  const stores = useStores();
  const store = stores.data?.find((s) => s.id === id);
  useDocumentTitle(store ? `${store.name} 桌码` : '桌码打印');
  const tables = useQuery({
    queryKey: ['tables', id],
    queryFn: () => ok(api.GET('/api/admin/stores/{id}/tables', { params: { path: { id } } })),
  });
  const codes = useQuery({
    queryKey: ['table-codes', id],
    queryFn: () => ok(api.GET('/api/admin/stores/{id}/table-codes', { params: { path: { id } } })),
  });
  if (!store || !tables.data || !codes.data) return null;
  const wechat = codes.data.source === 'wechat';
  const codeOf = (tableNo: string) => codes.data.codes.find((c) => c.tableNo === tableNo);
  const failed = codes.data.codes.filter((c) => c.error);
  return (
    <div className="qr-sheet">
      <style>{`
        @page { size: A4; margin: 12mm; }
        .qr-sheet { padding: 24px; background: #fff; min-height: 100vh; }
        .qr-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
        .qr-cell { border: 1px dashed #bbb; border-radius: 8px; padding: 12px; text-align: center; break-inside: avoid; }
        .qr-cell img { width: 100%; max-width: 180px; }
        .qr-store { font-size: 15px; font-weight: 600; margin-top: 6px; }
        .qr-table { font-size: 22px; font-weight: 700; }
        .qr-hint { font-size: 11px; color: #666; }
        @media print { .no-print { display: none !important; } .qr-sheet { padding: 0; } }
      `}</style>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {store.name} · 桌码（{tables.data.length} 张）
        </Typography.Title>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <Typography.Paragraph className="no-print" type="secondary">
        {wechat
          ? '微信小程序码：微信扫码直接打开小程序并带上门店与桌号。'
          : '尚未配置微信小程序（WECHAT_APPID），以下为 H5 链接二维码，仅用于演示与测试。'}
      </Typography.Paragraph>
      {failed.length > 0 && (
        <Alert
          className="no-print"
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${failed.length} 张桌码生成失败`}
          description={failed.map((c) => `${c.tableNo} 号桌：${c.error}`).join('；')}
        />
      )}
      {tables.data.length === 0 ? (
        <Empty description="这家门店还没有桌台，请先在门店页添加桌号" />
      ) : (
        <div className="qr-grid" data-testid="qr-grid">
          {tables.data.map((t) => (
            <div className="qr-cell" key={t.id}>
              {wechat ? (
                codeOf(t.tableNo)?.image ? (
                  <img alt={`${store.name} ${t.tableNo} 号桌小程序码`} src={codeOf(t.tableNo)!.image!} />
                ) : (
                  <Typography.Text type="danger">生成失败</Typography.Text>
                )
              ) : (
                <img
                  alt={`${store.name} ${t.tableNo} 号桌`}
                  src={`data:image/svg+xml;utf8,${encodeURIComponent(qrSvg(tableEntryUrl(window.location.origin, store.code, t.tableNo)))}`}
                />
              )}
              <div className="qr-store">{store.name}</div>
              <div className="qr-table">{t.tableNo} 号桌</div>
              <div className="qr-hint">微信扫码 · 入会领券 · 桌边买单</div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
