import { accountZh } from '../features/account/i18n.ts';
import { mobileZh } from '../features/mobile/i18n.ts';

/**
 * The zh-CN strings the login page shows, loaded with it (src/i18n/index.ts); the rest of
 * `zh-CN.ts` loads with the pages behind the login, register, the board and the phone app.
 * 卡介质登录 and the 下载APP block use the account and mobile strings.
 */
export const portalZh = {
  ...accountZh,
  // 手机版 (/m), 货站容量看板 (/board), 货站看板 (/terminal/dashboard).
  ...mobileZh,
  app: {
    platform: '北京单一窗口 · 空港电子货运平台',
    platformShort: '空港电子货运平台',
    singleWindow: '北京单一窗口',
    tagline: '大兴机场国际物流通关业务',
    features: '车辆备案 · 提/交货预约 · 交货确认 · 卡口抬杆',
    hotline: '单一窗口热线 95198 / 86398038',
    networkError: '网络连接失败，请检查网络后重试',
    loading: '加载中…',
    language: '语言',
  },
  common: {
    // a thing named with its code or username: 大兴机场国际货站（PKX-ICT）
    nameWithCode: '{{name}}（{{code}}）',
    submit: '提交',
    confirm: '确认',
    cancel: '取消',
    back: '返回',
    edit: '编辑',
    enabled: '启用',
    disabled: '停用',
    status: '状态',
    actions: '操作',
    createdAt: '创建时间',
    none: '—',
    backHome: '返回首页',
  },
  auth: {
    login: '登录',
    logout: '退出',
    accountLogin: '账号登录',
    cardLogin: '卡介质登录',
    username: '用户名',
    password: '密码',
    usernamePlaceholder: '请输入用户名',
    passwordPlaceholder: '请输入密码',
    noAccount: '还没有账号？',
    registerNow: '立即注册',
    haveAccount: '已有账号？',
    goLogin: '去登录',
    lockedUntil: '可于 {{time}} 后再试',
    welcomeBack: '欢迎登录',
  },
} as const;
