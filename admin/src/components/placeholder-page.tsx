import type { ReactNode } from 'react';
import { Card, Empty, Typography } from 'antd';
import { PAGE_TITLES, type AppPage } from '../auth/permissions';
import { useDocumentTitle } from './use-document-title';

export interface PlaceholderPageProps {
  page: AppPage;
  /** One sentence on what this page will offer. */
  description: string;
  extra?: ReactNode;
}

/** The empty state of a page that is not built yet: its title and what will be there. */
export function PlaceholderPage({ page, description, extra }: PlaceholderPageProps) {
  const title = PAGE_TITLES[page];
  useDocumentTitle(title);
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 16 }}>
        {title}
      </Typography.Title>
      <Card>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <Typography.Paragraph type="secondary" style={{ maxWidth: 480, margin: '0 auto' }}>
              {description}
            </Typography.Paragraph>
          }
        >
          {extra}
        </Empty>
      </Card>
    </>
  );
}
