import { RightOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Empty, Row, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { menuFor } from '../../features/access/menu.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { menuIcons } from '../../features/layout/menu-icons.tsx';

/** 首页: welcome and shortcuts to the user's own menu entries. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const groups = useMemo(() => menuFor(me), [me]);
  const enterpriseSide = me.user.role === 'admin' || me.user.role === 'operator';

  return (
    <div className="cw-home">
      <Card className="cw-welcome" variant="borderless">
        <div className="cw-welcome-body">
          <div>
            <Typography.Title level={1} className="cw-welcome-title" style={{ fontSize: 24, lineHeight: 1.35 }}>
              {t('home.welcome', { name: me.user.name })}
            </Typography.Title>
            <div className="cw-welcome-meta">
              <Tag color="gold">{t(`roles.${me.user.role}`)}</Tag>
              {me.enterprise ? <span>{me.enterprise.name}</span> : <span>{t('app.platform')}</span>}
            </div>
          </div>
        </div>
      </Card>

      {enterpriseSide ? <Alert type="info" showIcon title={t('home.notice')} className="cw-home-notice" /> : null}

      {groups.length === 0 ? (
        <Card>
          <Empty description={t('home.noShortcuts')} data-testid="home-empty" />
        </Card>
      ) : (
        groups.map((group) => (
          <section key={group.key} className="cw-home-group">
            <Typography.Title level={2} className="cw-home-group-title" style={{ fontSize: 16, lineHeight: 1.5 }}>
              {t(group.label)}
            </Typography.Title>
            <Row gutter={[16, 16]}>
              {group.entries.map((entry) => (
                <Col xs={24} sm={12} lg={8} xl={6} key={entry.key}>
                  <Link to={entry.path} className="cw-shortcut-link">
                    <Card hoverable className="cw-shortcut" data-testid={`shortcut-${entry.key}`}>
                      <span className="cw-shortcut-icon">{menuIcons[entry.key]}</span>
                      <span className="cw-shortcut-text">
                        <strong>{t(entry.label)}</strong>
                        <span>{t(entry.description)}</span>
                      </span>
                      <RightOutlined className="cw-shortcut-arrow" />
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          </section>
        ))
      )}
    </div>
  );
}
