import { ToolOutlined } from '@ant-design/icons';
import { Button, Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { menuCatalog, type MenuKey } from '../../features/access/menu.ts';

/** 建设中: the route and its menu entry exist already; a later change fills the page. */
export default function PlaceholderPage({ entry }: { entry: MenuKey }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const found = menuCatalog.flatMap((g) => g.entries).find((e) => e.key === entry);
  const name = found ? t(found.label) : entry;
  return (
    <Card>
      <Result
        icon={<ToolOutlined style={{ color: '#0b4ea2' }} />}
        title={`${name} · ${t('result.building')}`}
        subTitle={t('result.buildingDesc', { name })}
        extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
        data-testid={`placeholder-${entry}`}
      />
    </Card>
  );
}
