import { useEffect } from 'react';

const APP_TITLE = 'Tableside 管理后台';

export function useDocumentTitle(title?: string): void {
  useEffect(() => {
    document.title = title ? `${title} - ${APP_TITLE}` : APP_TITLE;
  }, [title]);
}
