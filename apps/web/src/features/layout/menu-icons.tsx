import {
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarOutlined,
  CheckCircleOutlined,
  ClusterOutlined,
  ExperimentOutlined,
  FileSearchOutlined,
  HistoryOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
  TruckOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

import type { MenuKey } from '../access/menu.ts';

export const homeIcon = <HomeOutlined />;

export const menuIcons: Record<MenuKey, ReactNode> = {
  'vehicle-filings': <IdcardOutlined />,
  vehicles: <TruckOutlined />,
  appointments: <CalendarOutlined />,
  'delivery-confirmation': <CheckCircleOutlined />,
  'appointments-query': <FileSearchOutlined />,
  enterprise: <ShopOutlined />,
  operators: <SafetyCertificateOutlined />,
  'security-keys': <KeyOutlined />,
  review: <AuditOutlined />,
  terminal: <CarOutlined />,
  'terminal-dashboard': <BarChartOutlined />,
  gate: <VideoCameraOutlined />,
  'gate-simulator': <ExperimentOutlined />,
  'admin-users': <TeamOutlined />,
  'admin-terminals': <ClusterOutlined />,
  'admin-audit': <HistoryOutlined />,
};
