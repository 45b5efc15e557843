import {
  AuditOutlined,
  CalendarOutlined,
  CarOutlined,
  CheckCircleOutlined,
  ClusterOutlined,
  FileSearchOutlined,
  HomeOutlined,
  IdcardOutlined,
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
  review: <AuditOutlined />,
  terminal: <CarOutlined />,
  gate: <VideoCameraOutlined />,
  'admin-users': <TeamOutlined />,
  'admin-terminals': <ClusterOutlined />,
};
