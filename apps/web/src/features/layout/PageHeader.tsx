import { Typography } from 'antd';
import type { ReactNode } from 'react';

import { useDocumentTitle } from './document-title.ts';

/** A page's title line: title, optional hint below, actions on the right. */
export function PageHeader({ title, subtitle, extra, browserTitle }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; browserTitle?: string }) {
  // The browser's title: the page's, or what it gives instead when its title is more than text.
  useDocumentTitle(browserTitle ?? (typeof title === 'string' ? title : null));
  return (
    <div className="cw-page-header">
      <div className="cw-page-header-text">
        {/* The page's one h1, at the size of antd's h4. */}
        <Typography.Title level={1} style={{ margin: 0, fontSize: 20, lineHeight: 1.4 }}>
          {title}
        </Typography.Title>
        {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
      </div>
      {extra ? <div className="cw-page-header-extra">{extra}</div> : null}
    </div>
  );
}
